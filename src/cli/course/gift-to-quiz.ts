import { parse, type GIFTQuestion, type NumericalChoice, type NumericalFormat, type TextChoice } from 'gift-pegjs';
import type { Question, QuestionKey, QuizDocument, QuizMode } from '../../shared/quiz/question';
import { CourseBuildError } from './course-build-error';
import { splitGiftBlocks } from './split-gift-blocks';

export interface QuizHeader {
  id: string;
  title: string;
  mode: QuizMode;
  timeLimitMinutes?: number;
  passScore?: number;
}

interface Converted {
  question: Question;
  key: QuestionKey;
  explanation?: string;
}

const letter = (i: number) => String.fromCharCode(97 + i);

/**
 * Parses a GIFT quiz (with gift-pegjs) into the FULL QuizDocument, keys included.
 * Every error names the file and line.
 * @example giftToQuiz(text, 'quizzes/pretest.gift', { id: 'pretest', title: 'Pre-test', mode: 'ujian' })
 */
export function giftToQuiz(text: string, file: string, header: QuizHeader): QuizDocument {
  let parsed: GIFTQuestion[];
  try {
    parsed = parse(text);
  } catch (err) {
    const e = err as { location?: { start: { line: number } }; message: string };
    throw new CourseBuildError(file, e.location?.start.line ?? 1, `GIFT syntax error: ${e.message}`);
  }
  const blocks = splitGiftBlocks(text, file);
  const questions = parsed.filter((q) => q.type !== 'Category');
  if (questions.length !== blocks.length) {
    throw new CourseBuildError(
      file,
      blocks[Math.min(blocks.length, questions.length) - 1]?.line ?? 1,
      `found ${questions.length} questions but ${blocks.length} question blocks; separate questions with a blank line`,
    );
  }
  if (questions.length === 0) throw new CourseBuildError(file, 1, 'the quiz has no questions');
  const doc: QuizDocument = { id: header.id, title: header.title, mode: header.mode, questions: [], keys: {} };
  if (header.timeLimitMinutes !== undefined) doc.timeLimitMinutes = header.timeLimitMinutes;
  if (header.passScore !== undefined) doc.passScore = header.passScore;
  const explanations: Record<string, string> = {};
  questions.forEach((q, i) => {
    const block = blocks[i]!;
    const converted = convertQuestion(q, block.id, file, block.line);
    doc.questions.push(converted.question);
    doc.keys![block.id] = converted.key;
    if (converted.explanation) explanations[block.id] = converted.explanation;
  });
  if (Object.keys(explanations).length > 0) doc.explanations = explanations;
  return doc;
}

function convertQuestion(q: GIFTQuestion, id: string, file: string, line: number): Converted {
  if (q.type === 'Category' || q.type === 'Description' || q.type === 'Essay' || q.hasEmbeddedAnswers) {
    const kind = q.type === 'Category' || q.type === 'Description' || q.type === 'Essay' ? q.type : 'embedded answers';
    throw new CourseBuildError(
      file,
      line,
      `unknown question type ${kind} (use multiple choice, true/false, short answer, matching or numeric)`,
    );
  }
  const base = { id, text: q.stem.text, ...(q.title ? { title: q.title } : {}) };
  const explanation = q.globalFeedback?.text || undefined;
  const done = (question: Question, key: QuestionKey): Converted => ({
    question,
    key,
    ...(explanation ? { explanation } : {}),
  });
  switch (q.type) {
    case 'MC':
      return done(...multipleChoice(q.choices, base, file, line));
    case 'TF': {
      const feedback: Record<string, string> = {};
      if (q.trueFeedback?.text) feedback.true = q.trueFeedback.text;
      if (q.falseFeedback?.text) feedback.false = q.falseFeedback.text;
      return done({ ...base, type: 'truefalse' }, { type: 'truefalse', correct: q.isTrue, ...withFeedback(feedback) });
    }
    case 'Short': {
      const accepted = q.choices.filter((c) => c.isCorrect || (c.weight ?? 0) > 0).map((c) => c.text.text);
      if (accepted.length === 0) throw new CourseBuildError(file, line, 'short-answer question has no accepted answer');
      return done({ ...base, type: 'short' }, { type: 'short', accepted });
    }
    case 'Numerical':
      return done({ ...base, type: 'numeric' }, { type: 'numeric', ranges: numericRanges(q.choices) });
    case 'Matching': {
      const left = q.matchPairs.map((p, i) => ({ id: `l${i + 1}`, text: p.subquestion.text }));
      // Sorted so the right column's order does not give the pairs away.
      const answers = [...new Set(q.matchPairs.map((p) => p.subanswer))].sort((a, b) => a.localeCompare(b, 'id'));
      const right = answers.map((text, i) => ({ id: `r${i + 1}`, text }));
      const pairs: Record<string, string> = {};
      q.matchPairs.forEach((p, i) => (pairs[`l${i + 1}`] = right.find((r) => r.text === p.subanswer)!.id));
      return done({ ...base, type: 'matching', left, right }, { type: 'matching', pairs });
    }
  }
}

function withFeedback(feedback: Record<string, string>) {
  return Object.keys(feedback).length > 0 ? { feedback } : {};
}

function multipleChoice(
  choices: TextChoice[],
  base: { id: string; text: string },
  file: string,
  line: number,
): [Question, QuestionKey] {
  const options = choices.map((c, i) => ({ id: letter(i), text: c.text.text }));
  const feedback: Record<string, string> = {};
  choices.forEach((c, i) => {
    if (c.feedback?.text) feedback[letter(i)] = c.feedback.text;
  });
  const weighted = choices.some((c) => c.weight !== null);
  if (!weighted) {
    const correct = choices.flatMap((c, i) => (c.isCorrect ? [letter(i)] : []));
    if (correct.length !== 1)
      throw new CourseBuildError(
        file,
        line,
        `single-answer question needs exactly one "=" choice, found ${correct.length}`,
      );
    return [
      { ...base, type: 'single', choices: options },
      { type: 'single', correct: correct[0]!, ...withFeedback(feedback) },
    ];
  }
  const weights: Record<string, number> = {};
  choices.forEach((c, i) => (weights[letter(i)] = c.weight ?? (c.isCorrect ? 100 : 0)));
  if (!Object.values(weights).some((w) => w > 0))
    throw new CourseBuildError(file, line, 'multiple-answer question has no choice with a positive weight');
  return [
    { ...base, type: 'multiple', choices: options },
    { type: 'multiple', weights, ...withFeedback(feedback) },
  ];
}

function numericRanges(choices: NumericalChoice[] | NumericalFormat): Array<{ min: number; max: number }> {
  const formats = Array.isArray(choices)
    ? choices.filter((c) => c.isCorrect || (c.weight ?? 0) > 0).map((c) => c.text)
    : [choices];
  return formats.map((f) => {
    if (f.type === 'high-low') return { min: f.numberLow ?? 0, max: f.numberHigh ?? 0 };
    const n = f.number ?? 0;
    const r = f.range ?? 0;
    return { min: n - r, max: n + r };
  });
}
