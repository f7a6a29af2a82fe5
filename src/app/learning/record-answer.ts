import { uuidv7 } from 'uuidv7';
import type { LenteraDatabase } from '../../db/database';
import { enqueueOutbox } from '../../db/enqueue-outbox';
import type { AnswerRecord, AttemptRecord } from '../../db/learning-records';
import type { AnswerValue } from '../../shared/quiz/question';

export interface GivenAnswer {
  questionId: string;
  /** Position of the question in the quiz; the attempt resumes after the furthest one answered. */
  questionIndex: number;
  value: AnswerValue;
}

/**
 * Saves one answer the moment it is given: the answer, its outbox row and the attempt's resume
 * point are committed in one strict transaction, so the UI confirms only what survives a crash.
 * A changed answer is a new record; the latest per question counts.
 * @example await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: { type: 'truefalse', value: true } });
 */
export async function recordAnswer(
  db: LenteraDatabase,
  attempt: AttemptRecord,
  given: GivenAnswer,
  now = Date.now(),
): Promise<AnswerRecord> {
  const record: AnswerRecord = {
    id: uuidv7(),
    attemptId: attempt.id,
    learnerId: attempt.learnerId,
    questionId: given.questionId,
    value: given.value,
    answeredAt: now,
  };
  await db.transaction('rw', [db.attempts, db.answers, db.outbox, db.syncState], async () => {
    const stored = await db.attempts.get(attempt.id);
    if (!stored) throw new Error(`attempt ${attempt.id} does not exist on this phone`);
    if (stored.finishedAt !== undefined) throw new Error(`attempt ${attempt.id} is already finished`);
    await db.answers.add(record);
    await enqueueOutbox(db, {
      kind: 'answer',
      id: record.id,
      learnerId: record.learnerId,
      attemptId: attempt.id,
      courseId: attempt.courseId,
      courseVersion: attempt.courseVersion,
      quizId: attempt.quizId,
      questionId: record.questionId,
      value: record.value,
      answeredAt: now,
    });
    // Changing an earlier answer must not send the learner back: resume after the furthest one.
    await db.attempts.update(attempt.id, { currentIndex: Math.max(stored.currentIndex, given.questionIndex + 1) });
  });
  return record;
}
