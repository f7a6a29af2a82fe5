import type { AnswerValue, QuizDocument } from './question';
import { scoreAnswer, type QuestionScore } from './score-answer';

export interface QuizScore {
  /** 0..100, rounded to two decimals; every question weighs the same. */
  percent: number;
  perQuestion: Record<string, QuestionScore>;
}

/**
 * Scores a whole quiz from a document that carries its keys (latihan package, or the server's copy
 * of an ujian). Unanswered questions score 0. Throws when a key is missing: grading without it
 * would silently mark a learner wrong.
 * @example scoreQuiz(doc, { q1: { type: 'single', choice: 'a' } }).percent
 */
export function scoreQuiz(doc: QuizDocument, answers: Record<string, AnswerValue>): QuizScore {
  const keys = doc.keys;
  if (!keys) throw new Error(`quiz ${doc.id} has no answer keys`);
  const perQuestion: Record<string, QuestionScore> = {};
  let sum = 0;
  for (const question of doc.questions) {
    const key = keys[question.id];
    if (!key) throw new Error(`quiz ${doc.id} has no key for question ${question.id}`);
    const result = scoreAnswer(question, key, Object.hasOwn(answers, question.id) ? answers[question.id] : undefined);
    perQuestion[question.id] = result;
    sum += result.score;
  }
  const count = doc.questions.length;
  const percent = count === 0 ? 0 : Math.round((sum / count) * 10_000) / 100;
  return { percent, perQuestion };
}
