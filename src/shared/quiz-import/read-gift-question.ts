import type { Question, QuestionKey } from '../quiz/question';
import { lineAt, type GiftBlock } from './gift-blocks';
import { readFormat, restoreEscapes, toMarkdown, toPlainText, type GiftFormat } from './gift-text';
import type { QuizImportIssue, QuizImportIssueCode } from './quiz-import-issue';

// One GIFT question block → one question of the quiz model, following Moodle's reading of the
// block (qformat_gift::readquestion): title, the first `{` to the first `}`, text after the
// answers making a missing-word question, `####` general feedback, and the type decided from the
// answer text in Moodle's order (numerical, multiple choice, matching, true/false, short answer).

/** A question before it has an id (ids are given per file, see question-id.ts). */
export interface GiftQuestion {
  line: number;
  title?: string;
  /** Explicit id from `// id: x` or Moodle's `// [id:x]`, unchecked. */
  explicitId?: { id: string; line: number; strict: boolean };
  question: Question;
  key: QuestionKey;
  explanation?: string;
  /**
   * The text an untitled question's id is hashed from: the question text, but an `[html]` one as
   * the file writes it (the id was made from that before HTML became Markdown, and stays the same).
   */
  idText: string;
}

export type GiftReading =
  | { kind: 'skip' }
  | { kind: 'question'; value: GiftQuestion; warnings: QuizImportIssue[] }
  | { kind: 'error'; issue: QuizImportIssue };

/** What the learner sees where the answer goes in a missing-word question. */
const BLANK = '_____';
/** Stands in for the blank while the text is formatted, so escaping cannot touch it. */
const BLANK_TOKEN = '\uE100';
const WEIGHT = /^%(-?\d+(?:\.\d*)?)%/;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

class Refusal {
  constructor(
    readonly offset: number,
    readonly code: QuizImportIssueCode,
    readonly detail: string,
  ) {}
}

interface Segment {
  /** The separator before it (`~`, `=`, or '' for the first). */
  marker: string;
  text: string;
  /** Offset of the segment's first non-blank character in the block. */
  offset: number;
}

/** Reads one block; a `$CATEGORY:` or comment-only block is skipped, as Moodle skips it. */
export function readGiftQuestion(block: GiftBlock, file: string): GiftReading {
  const t = block.text;
  const start = t.search(/\S/);
  if (start === -1 || t.startsWith('$CATEGORY:', start)) return { kind: 'skip' };
  const warnings: QuizImportIssue[] = [];
  const warn = (offset: number, detail: string) =>
    warnings.push({ file, line: lineAt(block, offset), code: 'unsupported_weight', detail });
  try {
    const value = read(block, start, warn);
    return { kind: 'question', value, warnings };
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    return { kind: 'error', issue: { file, line: lineAt(block, err.offset), code: err.code, detail: err.detail } };
  }
}

function read(block: GiftBlock, start: number, warn: (offset: number, detail: string) => void): GiftQuestion {
  const t = block.text;
  const line = lineAt(block, start);
  let bodyStart = start;
  let title: string | undefined;
  if (t.startsWith('::', start)) {
    const end = t.indexOf('::', start + 2);
    if (end === -1) throw new Refusal(start, 'syntax', 'the title opened with "::" is not closed with "::"');
    title =
      restoreEscapes(t.slice(start + 2, end))
        .replace(/\s+/g, ' ')
        .trim() || undefined;
    bodyStart = end + 2;
  }
  const open = t.indexOf('{', bodyStart);
  const close = t.indexOf('}', bodyStart);
  if (open === -1 && close === -1) {
    throw new Refusal(
      bodyStart,
      'unsupported_type',
      'unsupported question type: description (text without an answer section {…})',
    );
  }
  if (open === -1 || (close !== -1 && close < open)) throw new Refusal(close, 'syntax', '"}" without an opening "{"');
  if (close === -1) {
    throw new Refusal(open, 'syntax', '"{" is not closed by "}" before the blank line that ends the question');
  }
  const second = t.slice(close + 1).search(/[{}]/);
  if (second !== -1) {
    throw new Refusal(
      close + 1 + second,
      'syntax',
      'a second "{" or "}" after the answers: put a blank line between two questions, or escape it as \\{ \\}',
    );
  }

  const before = t.slice(bodyStart, open);
  const after = t.slice(close + 1);
  const missingWord = after.trim() !== '';
  const stem = readFormat(missingWord ? before + BLANK_TOKEN + after : before, 'moodle');
  const format = stem.format;
  const text = toMarkdown(stem).replace(BLANK_TOKEN, BLANK);
  const idText = format === 'html' ? stem.text.replace(BLANK_TOKEN, BLANK) : text;
  if (text.trim() === '') throw new Refusal(bodyStart, 'syntax', 'the question has no text');

  let answerEnd = close;
  let explanation: string | undefined;
  const general = t.lastIndexOf('####', close);
  if (general > open) {
    explanation = toMarkdown(readFormat(t.slice(general + 4, close), format)) || undefined;
    answerEnd = general;
  }
  const answers = t.slice(open + 1, answerEnd);
  const trimmed = answers.trim();
  const answersAt = open + 1 + (answers.length - answers.trimStart().length);

  const base = { id: '', text, ...(title ? { title } : {}) };
  const explicitId = findExplicitId(block);
  const built = (question: Question, key: QuestionKey): GiftQuestion => ({
    line,
    idText,
    ...(title ? { title } : {}),
    ...(explicitId ? { explicitId } : {}),
    question,
    key,
    ...(explanation ? { explanation } : {}),
  });

  if (trimmed === '') {
    throw new Refusal(open, 'unsupported_type', 'unsupported question type: essay (an empty answer section {})');
  }
  if (trimmed.startsWith('#')) {
    return built({ ...base, type: 'numeric' }, numerical(t, answersAt + 1, answerEnd, warn));
  }
  if (trimmed.includes('~')) {
    const [question, key] = multipleChoice(t, answersAt, answerEnd, format, base, warn);
    return built(question, key);
  }
  if (trimmed.includes('=') && trimmed.includes('->')) {
    const [question, key] = matching(t, answersAt, answerEnd, format, base);
    return built(question, key);
  }
  const head = (trimmed.split('#')[0] ?? '').trim().toUpperCase();
  if (['T', 'TRUE', 'F', 'FALSE'].includes(head)) {
    return built({ ...base, type: 'truefalse' }, trueFalse(trimmed, format));
  }
  return built({ ...base, type: 'short' }, shortAnswer(t, answersAt, answerEnd, format, warn));
}

/** `// id: x` (this project's own form, checked strictly) or Moodle's `// [id:x]` idnumber. */
function findExplicitId(block: GiftBlock): GiftQuestion['explicitId'] {
  for (const c of block.comments) {
    const own = /^id:\s*(\S+)\s*$/.exec(c.text);
    if (own) return { id: own[1]!, line: c.line, strict: true };
    const moodle = /\[id:([^\]]+)\]/.exec(c.text);
    if (moodle) return { id: moodle[1]!.trim(), line: c.line, strict: false };
  }
  return undefined;
}

/** Splits t[from, to) at each separator character, keeping where every piece starts. */
function split(t: string, from: number, to: number, separators: string): Segment[] {
  const segments: Segment[] = [];
  let marker = '';
  let pieceStart = from;
  const push = (end: number) => {
    const raw = t.slice(pieceStart, end);
    const text = raw.trim();
    // An empty piece is reported at its separator, not at the next line's text.
    const offset = text === '' ? Math.max(from, pieceStart - 1) : pieceStart + (raw.length - raw.trimStart().length);
    segments.push({ marker, text, offset });
  };
  for (let i = from; i < to; i++) {
    const ch = t[i]!;
    if (separators.includes(ch)) {
      push(i);
      marker = ch;
      pieceStart = i + 1;
    }
  }
  push(to);
  // Moodle drops an empty piece before the first separator ("{=a ~b}" starts with one).
  if (segments[0]?.marker === '' && segments[0].text === '') segments.shift();
  return segments;
}

/** `answer#feedback` → both parts (split at the first `#`), each read with its own format marker. */
function withFeedback(text: string, format: GiftFormat): { answer: string; feedback: string } {
  const hash = text.indexOf('#');
  const answer = toPlainText(readFormat(hash === -1 ? text : text.slice(0, hash), format));
  const feedback = hash === -1 ? '' : toPlainText(readFormat(text.slice(hash + 1), format));
  return { answer, feedback };
}

/** A `%50%` weight at the start of an answer, as a percent, and the rest of the answer. */
function weight(text: string): { percent: number | null; rest: string } {
  const m = WEIGHT.exec(text);
  return m ? { percent: Number(m[1]), rest: text.slice(m[0].length).trim() } : { percent: null, rest: text };
}

const letter = (i: number) => String.fromCharCode(97 + i);

function multipleChoice(
  t: string,
  from: number,
  to: number,
  format: GiftFormat,
  base: { id: string; text: string; title?: string },
  warn: (offset: number, detail: string) => void,
): [Question, QuestionKey] {
  const segments = split(t, from, to, '~=');
  const single = segments.some((s) => s.marker === '=');
  const choices: Array<{ text: string; feedback: string; percent: number; offset: number }> = [];
  for (const s of segments) {
    const { percent, rest } = weight(s.text);
    const parts = withFeedback(rest, format);
    if (parts.answer === '') throw new Refusal(s.offset, 'empty_answers', `choice ${choices.length + 1} is empty`);
    choices.push({
      text: parts.answer,
      feedback: parts.feedback,
      percent: s.marker === '=' ? 100 : (percent ?? 0),
      offset: s.offset,
    });
  }
  if (choices.length === 0) throw new Refusal(from, 'empty_answers', 'the answer section has no choices');
  if (choices.length < 2) throw new Refusal(from, 'syntax', 'a multiple-choice question needs at least two choices');
  const options = choices.map((c, i) => ({ id: letter(i), text: c.text }));
  const feedback: Record<string, string> = {};
  choices.forEach((c, i) => {
    if (c.feedback) feedback[letter(i)] = c.feedback;
  });
  const withChoiceFeedback = Object.keys(feedback).length > 0 ? { feedback } : {};
  if (single) {
    const right = choices.flatMap((c, i) => (c.percent === 100 ? [i] : []));
    if (right.length > 1) {
      throw new Refusal(
        choices[right[1]!]!.offset,
        'unsupported_type',
        'unsupported question type: several answers marked "=" in one single-answer question (mark one with "=", or give every right answer a weight like ~%50% for a multiple-answer question)',
      );
    }
    const partial = choices.find((c) => c.percent !== 100 && c.percent !== 0);
    if (partial)
      warn(partial.offset, `partial credit (${partial.percent}%) in a single-answer question counts as wrong`);
    return [
      { ...base, type: 'single', choices: options },
      { type: 'single', correct: letter(right[0]!), ...withChoiceFeedback },
    ];
  }
  if (!choices.some((c) => c.percent > 0)) {
    throw new Refusal(
      from,
      'no_correct_answer',
      'no choice is marked right: mark one with "=" or give right choices a positive weight like ~%50%',
    );
  }
  const weights: Record<string, number> = {};
  choices.forEach((c, i) => (weights[letter(i)] = c.percent));
  return [
    { ...base, type: 'multiple', choices: options },
    { type: 'multiple', weights, ...withChoiceFeedback },
  ];
}

function trueFalse(answers: string, format: GiftFormat): QuestionKey {
  const [head = '', wrongFeedback = '', rightFeedback = ''] = answers.split('#');
  const correct = head.trim().toUpperCase().startsWith('T');
  // Moodle: the first feedback is shown for the wrong answer, the second for the right one.
  const wrong = toPlainText(readFormat(wrongFeedback, format));
  const right = toPlainText(readFormat(rightFeedback, format));
  const feedback: Record<string, string> = {};
  if (wrong) feedback[String(!correct)] = wrong;
  if (right) feedback[String(correct)] = right;
  return { type: 'truefalse', correct, ...(Object.keys(feedback).length > 0 ? { feedback } : {}) };
}

function shortAnswer(
  t: string,
  from: number,
  to: number,
  format: GiftFormat,
  warn: (offset: number, detail: string) => void,
): QuestionKey {
  const accepted: string[] = [];
  const segments = split(t, from, to, '=');
  for (const s of segments) {
    const { percent, rest } = weight(s.text);
    const { answer } = withFeedback(rest, format);
    if (answer === '') throw new Refusal(s.offset, 'empty_answers', 'an accepted answer is empty');
    const p = percent ?? 100;
    if (p === 100) accepted.push(answer);
    else if (p > 0) warn(s.offset, `partial credit (${p}%) for "${answer}" counts as wrong`);
  }
  if (segments.length === 0) throw new Refusal(from, 'empty_answers', 'the answer section has no accepted answer');
  if (accepted.length === 0) throw new Refusal(from, 'no_correct_answer', 'no answer is accepted with full credit');
  return { type: 'short', accepted };
}

function numerical(t: string, from: number, to: number, warn: (offset: number, detail: string) => void): QuestionKey {
  // A `~` starts Moodle's feedback for any other answer; the quiz screen has no place for it.
  const tilde = t.indexOf('~', from);
  const end = tilde !== -1 && tilde < to ? tilde : to;
  const ranges: Array<{ min: number; max: number }> = [];
  const segments = split(t, from, end, '=');
  for (const s of segments) {
    const { percent, rest } = weight(s.text);
    const hash = rest.indexOf('#');
    const value = restoreEscapes(hash === -1 ? rest : rest.slice(0, hash)).trim();
    if (value === '') throw new Refusal(s.offset, 'empty_answers', 'a numerical answer is empty');
    if (value === '*') continue;
    const range = numericRange(value);
    if (!range) {
      throw new Refusal(s.offset, 'syntax', `numerical answer "${value}" is not a number, "n:tolerance" or "min..max"`);
    }
    const p = percent ?? 100;
    if (p === 100) ranges.push(range);
    else if (p > 0) warn(s.offset, `partial credit (${p}%) for ${value} counts as wrong`);
  }
  if (segments.length === 0) throw new Refusal(from, 'empty_answers', 'the answer section has no number after "#"');
  if (ranges.length === 0) throw new Refusal(from, 'no_correct_answer', 'no number is accepted with full credit');
  return { type: 'numeric', ranges };
}

/** `4`, `4:0.5` (answer and tolerance) or `3.5..4.5` (Moodle's two forms), as a closed range. */
function numericRange(value: string): { min: number; max: number } | null {
  const dots = value.indexOf('..');
  if (dots > 0) {
    const [min, max] = [value.slice(0, dots).trim(), value.slice(dots + 2).trim()];
    if (!NUMBER.test(min) || !NUMBER.test(max)) return null;
    return { min: Math.min(Number(min), Number(max)), max: Math.max(Number(min), Number(max)) };
  }
  const colon = value.indexOf(':');
  const [n, tol] = colon > 0 ? [value.slice(0, colon).trim(), value.slice(colon + 1).trim()] : [value, '0'];
  if (!NUMBER.test(n) || !NUMBER.test(tol)) return null;
  const tolerance = Math.abs(Number(tol));
  return { min: Number(n) - tolerance, max: Number(n) + tolerance };
}

function matching(
  t: string,
  from: number,
  to: number,
  format: GiftFormat,
  base: { id: string; text: string; title?: string },
): [Question, QuestionKey] {
  const pairs: Array<{ left: string; right: string }> = [];
  const extra: string[] = [];
  for (const s of split(t, from, to, '=')) {
    const arrow = s.text.indexOf('->');
    if (arrow === -1) throw new Refusal(s.offset, 'syntax', 'a matching pair needs "->" between its two sides');
    const left = toPlainText(readFormat(s.text.slice(0, arrow), format));
    const right = restoreEscapes(s.text.slice(arrow + 2)).trim();
    if (right === '') throw new Refusal(s.offset, 'empty_answers', 'a matching pair has nothing after "->"');
    // Moodle: a pair with an empty left side only adds a wrong answer to the right column.
    if (left === '') extra.push(right);
    else pairs.push({ left, right });
  }
  if (pairs.length === 0) throw new Refusal(from, 'empty_answers', 'the answer section has no matching pairs');
  if (pairs.length < 2) throw new Refusal(from, 'syntax', 'a matching question needs at least two pairs');
  const left = pairs.map((p, i) => ({ id: `l${i + 1}`, text: p.left }));
  // Sorted so the right column's order does not give the pairs away.
  const answers = [...new Set([...pairs.map((p) => p.right), ...extra])].sort((a, b) => a.localeCompare(b, 'id'));
  const right = answers.map((text, i) => ({ id: `r${i + 1}`, text }));
  const key: Record<string, string> = {};
  pairs.forEach((p, i) => (key[`l${i + 1}`] = right.find((r) => r.text === p.right)!.id));
  return [
    { ...base, type: 'matching', left, right },
    { type: 'matching', pairs: key },
  ];
}
