import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/auth-protocol';
import { findUnstorable } from '../../shared/sync/find-unstorable';
import { AnswerValueSchema } from '../../shared/quiz/question';
import { AnswerItemSchema, AttemptItemSchema, ProgressItemSchema, SyncItemSchema } from '../../shared/sync/sync-item';
import { checkPushItem, checkPushItemFully, type CheckedItem } from './check-push-item';
import { parsePlainItem } from './parse-plain-item';

const LEARNER = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const ATTEMPT = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f0000';
const ANSWER = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f0001';
const account = { id: LEARNER, role: 'learner' } as Account;

/** The full checks for every item: what the hand-checked path must agree with. */
const fullCheckPushItem = (raw: unknown, index: number): CheckedItem => checkPushItemFully(raw, index, account);

const answerOf = (value: unknown) => ({
  kind: 'answer',
  id: ANSWER,
  learnerId: LEARNER,
  seq: 4,
  attemptId: ATTEMPT,
  courseId: 'perencanaan',
  courseVersion: '1.0.0',
  quizId: 'posttest',
  questionId: 'q1',
  value,
  answeredAt: 1764650000000,
});
const attempt = {
  kind: 'attempt',
  id: ATTEMPT,
  learnerId: LEARNER,
  seq: 5,
  attemptId: ATTEMPT,
  courseId: 'perencanaan',
  courseVersion: '1.0.0',
  quizId: 'posttest',
  mode: 'ujian',
  startedAt: 1764649940000,
  finishedAt: 1764650000000,
  answerIds: [ANSWER],
};
const progress = {
  kind: 'progress',
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f9999',
  learnerId: LEARNER,
  seq: 6,
  courseId: 'perencanaan',
  lessonId: 'l1',
  completed: true,
  hlc: `000001764650000:000000:${LEARNER}`,
  updatedAt: 1764650000000,
};
/** One valid item of every kind and answer type, with and without the optional fields. */
const VALID: Array<Record<string, unknown>> = [
  answerOf({ type: 'single', choice: 'a' }),
  answerOf({ type: 'multiple', choices: ['a', 'c'] }),
  answerOf({ type: 'multiple', choices: [] }),
  answerOf({ type: 'truefalse', value: false }),
  answerOf({ type: 'short', text: 'Musyawarah desa' }),
  answerOf({ type: 'short', text: '' }),
  answerOf({ type: 'numeric', value: -2.5 }),
  answerOf({ type: 'matching', pairs: { a: '1' } }),
  answerOf({ type: 'matching', pairs: { b: '2', 10: 'x', a: '', 2: 'y' } }),
  answerOf({ type: 'matching', pairs: {} }),
  attempt,
  { ...attempt, answerIds: [] },
  { ...attempt, mode: 'latihan', clientScore: 75 },
  progress,
  { ...progress, position: 0.4 },
  { ...progress, position: 1, completed: false },
];

const UPPER = ATTEMPT.toUpperCase();
/** Values at and around every edge the schema and findUnstorable have. */
const EDGES: unknown[] = [
  ...[LEARNER, ATTEMPT, UPPER, `${ATTEMPT}0`, '', 'a', 'x'.repeat(80), 'x'.repeat(81), 'x'.repeat(120)],
  ...['x'.repeat(121), 'x'.repeat(1000), 'x'.repeat(1001), 'a\0', 'a\ud800', '😀', `${'x'.repeat(119)}😀`],
  ...['answer', 'attempt', 'progress', 'latihan', 'ujian', 'single', 'multiple', 'truefalse', 'short'],
  ...['numeric', 'matching', '1:2:d', '-1:0:d', 'x'.repeat(101), `000001764650000:000000:${LEARNER}`],
  ...[0, -0, 1, -1, 0.5, 1.5, 2, 2 ** 53, 2 ** 53 - 1, Infinity, -Infinity, NaN, 1e21, true, false, null],
  ...[[], [ANSWER], [UPPER], ['a'], [''], Array(501).fill(ANSWER), Array(51).fill('a'), {}, { a: '1' }],
  ...[{ type: 'single', choice: 'a' }, { type: 'single', choice: 'a', extra: 1 }, { type: 'single' }],
  ...[{ type: 'truefalse', value: 1 }, { type: 'numeric', value: NaN }, [{ type: 'single', choice: 'a' }]],
  ...[{ constructor: '1' }, { prototype: '1' }, { 'a\ud800': '1' }, { a: 1 }, { a: '\0' }, { a: '1', b: '😀' }],
  ...[JSON.parse('{"__proto__":"1","a":"2"}') as unknown, { 3: 'c', a: 'b', 1: 'a' }],
];
const edgeValue = fc.oneof(fc.constantFrom(...EDGES), fc.jsonValue({ maxDepth: 2 }));
const KEYS = [
  ...new Set(VALID.flatMap((item) => Object.keys(item))),
  'extra',
  'toString',
  'value.type',
  'value.choice',
  'value.choices',
  'value.value',
  'value.text',
  'value.pairs',
  'value.extra',
];

/** Sets (or with `undefined`, deletes) `key` (one level of `value.` at most) in a copy of `item`. */
function mutate(item: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(item);
  const [outer, inner] = key.split('.') as [string, string | undefined];
  const target = inner === undefined ? copy : copy[outer];
  if (typeof target !== 'object' || target === null) return copy;
  const field = inner ?? outer;
  if (value === undefined) delete (target as Record<string, unknown>)[field];
  else (target as Record<string, unknown>)[field] = value;
  return copy;
}

const mutated = fc
  .tuple(
    fc.constantFrom(...VALID),
    fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.option(edgeValue, { nil: undefined })), { maxLength: 3 }),
    fc.boolean(),
  )
  .map(([item, changes, viaJson]) => {
    const out = changes.reduce((acc, [key, value]) => mutate(acc, key, value), item);
    // Through JSON, as the server reads it: no undefined, -0 as 0, a `__proto__` key as an own key.
    return viaJson ? (JSON.parse(JSON.stringify(out)) as unknown) : out;
  });

describe('parsePlainItem', () => {
  it('knows every field of the schema: a field added there must be checked here too', () => {
    // parse-plain-item.ts counts and copies exactly these; a new field would be left out of its output.
    expect(Object.keys(AnswerItemSchema.entries)).toEqual([
      'id',
      'learnerId',
      'seq',
      'kind',
      'attemptId',
      'courseId',
      'courseVersion',
      'quizId',
      'questionId',
      'value',
      'answeredAt',
    ]);
    expect(Object.keys(AttemptItemSchema.entries)).toEqual([
      'id',
      'learnerId',
      'seq',
      'kind',
      'attemptId',
      'courseId',
      'courseVersion',
      'quizId',
      'mode',
      'startedAt',
      'finishedAt',
      'answerIds',
      'clientScore',
    ]);
    expect(Object.keys(ProgressItemSchema.entries)).toEqual([
      'id',
      'learnerId',
      'seq',
      'kind',
      'courseId',
      'lessonId',
      'completed',
      'position',
      'hlc',
      'updatedAt',
    ]);
    expect(AnswerValueSchema.options.map((o) => [o.entries.type.literal, Object.keys(o.entries)])).toEqual([
      ['single', ['type', 'choice']],
      ['multiple', ['type', 'choices']],
      ['truefalse', ['type', 'value']],
      ['short', ['type', 'text']],
      ['matching', ['type', 'pairs']],
      ['numeric', ['type', 'value']],
    ]);
  });

  it('takes every common valid item itself, as the schema outputs it', () => {
    for (const raw of VALID) {
      const parsed = v.safeParse(SyncItemSchema, raw);
      expect(parsed.success).toBe(true);
      const plain = parsePlainItem(raw);
      expect(plain).toStrictEqual(parsed.output);
      // Same key order too (what JSON.stringify prints, e.g. into the rows' JSON).
      expect(JSON.stringify(plain)).toBe(JSON.stringify(parsed.output));
    }
  });

  it('never takes an item the full checks would refuse, and outputs what the schema does', () => {
    fc.assert(
      fc.property(mutated, (raw) => {
        const plain = parsePlainItem(raw);
        if (plain === undefined) return;
        expect(findUnstorable(raw)).toBeNull();
        const parsed = v.safeParse(SyncItemSchema, raw);
        expect(parsed.success).toBe(true);
        expect(plain).toStrictEqual(parsed.output);
        expect(JSON.stringify(plain)).toBe(JSON.stringify(parsed.output));
      }),
      { numRuns: 3000 },
    );
  });

  it('answers as before for every single change of every field to every edge value', () => {
    for (const item of VALID)
      for (const key of KEYS)
        for (const value of [...EDGES, undefined]) {
          const raw = mutate(item, key, value);
          expect(checkPushItem(raw, 1, account)).toStrictEqual(fullCheckPushItem(raw, 1));
        }
  });

  it('leaves checkPushItem answering exactly as before: same verdicts, reasons and details', () => {
    fc.assert(
      fc.property(mutated, fc.nat(2000), (raw, index) => {
        expect(checkPushItem(raw, index, account)).toStrictEqual(fullCheckPushItem(raw, index));
      }),
      { numRuns: 3000 },
    );
    const odd = [null, 1, 'x', [], [attempt], Object.create(null) as object, JSON.parse('{"__proto__":1}') as object];
    for (const raw of [...odd, JSON.parse(`{"__proto__":{},${JSON.stringify(attempt).slice(1)}`) as object])
      expect(checkPushItem(raw, 3, account)).toStrictEqual(fullCheckPushItem(raw, 3));
  });
});
