import type { LenteraDatabase } from '../../db/database';
import { saveDraft } from '../../db/save-draft';
import type { AnswerDraft } from './answer-draft';

/** The entry on screen for one question, kept until it is saved as an answer or the attempt ends. */
export interface QuestionDraft {
  entry: AnswerDraft;
  /** When the learner last changed it: the answer's time if finishing the attempt submits it. */
  updatedAt: number;
}

const prefix = (attemptId: string) => `answer:${attemptId}:`;

/** The `drafts` key of one question's entry in one attempt. */
export function questionDraftKey(attemptId: string, questionId: string): string {
  return `${prefix(attemptId)}${questionId}`;
}

/**
 * Makes the entry of a question durable at once (each tick, select, or a pause in typing), so a
 * killed app shows it again exactly as it was.
 * @example await saveQuestionDraft(db, attempt.id, 'q4', { choices: ['a', 'c'] });
 */
export function saveQuestionDraft(
  db: LenteraDatabase,
  attemptId: string,
  questionId: string,
  entry: AnswerDraft,
  now = Date.now(),
): Promise<void> {
  return saveDraft(db, questionDraftKey(attemptId, questionId), JSON.stringify(entry), now);
}

/** Every kept entry of an attempt, by question id. */
export async function readQuestionDrafts(db: LenteraDatabase, attemptId: string): Promise<Map<string, QuestionDraft>> {
  const rows = await db.drafts.where('key').startsWith(prefix(attemptId)).toArray();
  const drafts = new Map<string, QuestionDraft>();
  for (const row of rows) {
    const entry = parseEntry(row.value);
    if (entry) drafts.set(row.key.slice(prefix(attemptId).length), { entry, updatedAt: row.updatedAt });
  }
  return drafts;
}

/** Drops every kept entry of an attempt (it was finished: its answers are what counts now). */
export function deleteQuestionDrafts(db: LenteraDatabase, attemptId: string): Promise<number> {
  return db.drafts.where('key').startsWith(prefix(attemptId)).delete();
}

function parseEntry(json: string): AnswerDraft | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as AnswerDraft) : undefined;
  } catch {
    // A row this app did not write in this shape: show the saved answer instead.
    return undefined;
  }
}
