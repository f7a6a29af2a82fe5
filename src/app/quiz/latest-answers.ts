import type { LenteraDatabase } from '../../db/database';
import type { AnswerRecord } from '../../db/learning-records';

/**
 * The answer that counts for each question of an attempt: the latest one given. UUIDv7 ids sort
 * by creation, which breaks ties when two answers share a millisecond.
 */
export async function latestAnswers(db: LenteraDatabase, attemptId: string): Promise<Map<string, AnswerRecord>> {
  const all = await db.answers.where('attemptId').equals(attemptId).toArray();
  all.sort((a, b) => a.answeredAt - b.answeredAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return new Map(all.map((a) => [a.questionId, a]));
}
