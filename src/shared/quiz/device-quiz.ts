import type { QuizDocument } from './question';

/**
 * The quiz as it ships to the phone: a latihan keeps its keys and feedback (instant feedback
 * offline); an ujian loses keys, per-choice feedback and explanations — they would reveal answers.
 * @example const onPhone = toDeviceQuiz(fullDoc);
 */
export function toDeviceQuiz(doc: QuizDocument): QuizDocument {
  if (doc.mode === 'latihan') return doc;
  const { keys: _keys, explanations: _explanations, ...rest } = doc;
  return rest;
}
