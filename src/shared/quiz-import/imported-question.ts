import type { Question, QuestionKey, QuizDocument } from '../quiz/question';
import type { QuizImportIssue } from './quiz-import-issue';

/** One question read from a GIFT or Aiken file, with its key and the line it starts on. */
export interface ImportedQuestion {
  line: number;
  question: Question;
  key: QuestionKey;
  /** General feedback (GIFT `####`), Markdown. */
  explanation?: string;
}

/** Everything read from one file: the questions, and what stopped others from being read. */
export interface QuizImport {
  questions: ImportedQuestion[];
  /** Any error means the file must not be published. */
  errors: QuizImportIssue[];
  /** Read, but with something the quiz model cannot keep (partial credit): shown to the author. */
  warnings: QuizImportIssue[];
}

export interface QuizHeader {
  id: string;
  title: string;
  mode: QuizDocument['mode'];
  timeLimitMinutes?: number;
  passScore?: number;
}

/** The full quiz document (keys and explanations included) from imported questions. */
export function toQuizDocument(questions: readonly ImportedQuestion[], header: QuizHeader): QuizDocument {
  const doc: QuizDocument = { id: header.id, title: header.title, mode: header.mode, questions: [], keys: {} };
  if (header.timeLimitMinutes !== undefined) doc.timeLimitMinutes = header.timeLimitMinutes;
  if (header.passScore !== undefined) doc.passScore = header.passScore;
  const explanations: Record<string, string> = {};
  for (const q of questions) {
    doc.questions.push(q.question);
    doc.keys![q.question.id] = q.key;
    if (q.explanation) explanations[q.question.id] = q.explanation;
  }
  if (Object.keys(explanations).length > 0) doc.explanations = explanations;
  return doc;
}
