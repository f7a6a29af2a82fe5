import type { AnswerItem, AttemptItem, ProgressItem, SyncItem } from '../../shared/sync/sync-item';

// What every phone sends, checked by hand: the item as `SyncItemSchema` would output it, when it
// surely passes `findUnstorable` and that schema, or undefined for anything else — which then takes
// the full path (check-push-item.ts) and gets valibot's verdict and its error text, as ever. Valibot
// took ~5 µs of the ~37 µs of Node per pushed item. Only what is certain is accepted here: ids
// already lower-case, strings without NUL or any surrogate, finite numbers, no key the schema lacks.
// parse-plain-item.test.ts holds it to the schema on valid and mutated items alike.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Storable (no NUL, no lone surrogate) and more: no surrogate at all, so a pair goes the full path. */
const PLAIN_TEXT = /^[^\0\ud800-\udfff]*$/;

type Raw = Record<string, unknown>;

/** `SyncItemSchema`'s output for `raw`, or undefined when only the full check can say. */
export function parsePlainItem(raw: unknown): SyncItem | undefined {
  if (typeof raw !== 'object' || raw === null || Object.getPrototypeOf(raw) !== Object.prototype) return undefined;
  const item = raw as Raw;
  // Every key the item has must be one the schema checks below (strict objects refuse any other).
  // The counts are the schema's fields (the test fails when the schema's fields change).
  const keyCount = Object.keys(item).length;
  switch (item.kind) {
    case 'answer':
      return keyCount === 11 ? answer(item) : undefined;
    case 'attempt':
      return keyCount === ('clientScore' in item ? 13 : 12) ? attempt(item) : undefined;
    case 'progress':
      return keyCount === ('position' in item ? 10 : 9) ? progress(item) : undefined;
    default:
      return undefined;
  }
}

function answer(raw: Raw): AnswerItem | undefined {
  const { id, learnerId, seq, attemptId, courseId, courseVersion, quizId, questionId, answeredAt } = raw;
  if (!isUuid(id) || !isUuid(learnerId) || !isSeq(seq) || !isUuid(attemptId)) return undefined;
  if (!isRef(courseId) || !isRef(courseVersion) || !isRef(quizId) || !isRef(questionId)) return undefined;
  if (!isTime(answeredAt)) return undefined;
  const value = answerValue(raw.value);
  if (value === undefined) return undefined;
  // The schema's key order (valibot builds its output in that order).
  return {
    id,
    learnerId,
    seq,
    kind: 'answer',
    attemptId,
    courseId,
    courseVersion,
    quizId,
    questionId,
    value,
    answeredAt,
  };
}

function attempt(raw: Raw): AttemptItem | undefined {
  const { id, learnerId, seq, attemptId, courseId, courseVersion, quizId, mode, startedAt, finishedAt } = raw;
  if (!isUuid(id) || !isUuid(learnerId) || !isSeq(seq) || !isUuid(attemptId)) return undefined;
  if (!isRef(courseId) || !isRef(courseVersion) || !isRef(quizId)) return undefined;
  if ((mode !== 'latihan' && mode !== 'ujian') || !isTime(startedAt) || !isTime(finishedAt)) return undefined;
  const { answerIds } = raw;
  if (!Array.isArray(answerIds) || answerIds.length > 500) return undefined;
  for (let i = 0; i < answerIds.length; i++) if (!isUuid(answerIds[i])) return undefined;
  const out: AttemptItem = {
    id,
    learnerId,
    seq,
    kind: 'attempt',
    attemptId,
    courseId,
    courseVersion,
    quizId,
    mode,
    startedAt,
    finishedAt,
    answerIds: answerIds.slice(),
  };
  if ('clientScore' in raw) {
    if (!isTime(raw.clientScore)) return undefined;
    out.clientScore = raw.clientScore;
  }
  return out;
}

function progress(raw: Raw): ProgressItem | undefined {
  const { id, learnerId, seq, courseId, lessonId, completed, position, hlc, updatedAt } = raw;
  if (!isUuid(id) || !isUuid(learnerId) || !isSeq(seq) || !isRef(courseId) || !isRef(lessonId)) return undefined;
  if (typeof completed !== 'boolean' || !isText(hlc, 0, 100) || !isTime(updatedAt)) return undefined;
  if (!('position' in raw))
    return { id, learnerId, seq, kind: 'progress', courseId, lessonId, completed, hlc, updatedAt };
  if (!isTime(position) || position < 0 || position > 1) return undefined;
  return { id, learnerId, seq, kind: 'progress', courseId, lessonId, completed, position, hlc, updatedAt };
}

/** `AnswerValueSchema`'s output for `value`. */
function answerValue(value: unknown): AnswerItem['value'] | undefined {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return undefined;
  const v = value as Raw;
  // Two keys: `type` and the one its type has (the schema's objects would drop any other, but
  // findUnstorable looks at every key first, so an extra key goes the full path).
  if (Object.keys(v).length !== 2) return undefined;
  switch (v.type) {
    case 'single':
      return isText(v.choice, 1, 80) ? { type: 'single', choice: v.choice } : undefined;
    case 'multiple': {
      const { choices } = v;
      if (!Array.isArray(choices) || choices.length > 50) return undefined;
      for (let i = 0; i < choices.length; i++) if (!isText(choices[i], 1, 80)) return undefined;
      return { type: 'multiple', choices: (choices as string[]).slice() };
    }
    case 'truefalse':
      return typeof v.value === 'boolean' ? { type: 'truefalse', value: v.value } : undefined;
    case 'short':
      return isText(v.text, 0, 1000) ? { type: 'short', text: v.text } : undefined;
    case 'numeric':
      return isTime(v.value) ? { type: 'numeric', value: v.value } : undefined;
    case 'matching':
      return matchingPairs(v.pairs);
    default:
      return undefined;
  }
}

/**
 * A matching answer: `v.record(v.string(), v.string())` outputs a copy, in key order, without the
 * keys it skips (`__proto__`, `prototype`, `constructor`): an item with one of those takes the full path.
 */
function matchingPairs(pairs: unknown): AnswerItem['value'] | undefined {
  if (typeof pairs !== 'object' || pairs === null || Object.getPrototypeOf(pairs) !== Object.prototype)
    return undefined;
  const out: Record<string, string> = {};
  for (const key of Object.keys(pairs)) {
    if (key === '__proto__' || key === 'prototype' || key === 'constructor' || !PLAIN_TEXT.test(key)) return undefined;
    const text = (pairs as Raw)[key];
    if (!isText(text, 0, Infinity)) return undefined;
    out[key] = text;
  }
  return { type: 'matching', pairs: out };
}

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** `Ref` in sync-item.ts: 1 to 120 UTF-16 units. */
function isRef(value: unknown): value is string {
  return isText(value, 1, 120);
}

function isText(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max && PLAIN_TEXT.test(value);
}

/** A finite number (`ClientTime`; findUnstorable refuses the others first). */
function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** `seq`: a whole number ≥ 0 that is also safe (checkPushItem refuses a larger one). */
function isSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
