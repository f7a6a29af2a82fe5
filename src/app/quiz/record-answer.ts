import { uuidv7 } from 'uuidv7';
import type { LenteraDatabase } from '../../db/database';
import { enqueueOutbox } from '../../db/enqueue-outbox';
import type { AnswerRecord, AttemptRecord } from '../../db/learning-records';
import type { AnswerValue } from '../../shared/quiz/question';
import type { AnswerItem } from '../../shared/sync/sync-item';
import { questionDraftKey } from './question-drafts';

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
  const { record, item } = newAnswer(attempt, given.questionId, given.value, now);
  // Every request is issued at once and IndexedDB runs them in order inside the one strict
  // transaction: awaiting each in turn cost a round trip apiece, several times a bare put. A throw
  // anywhere (missing or finished attempt, failed outbox insert) still aborts all of them together.
  await db.transaction('rw', [db.attempts, db.answers, db.outbox, db.syncState, db.drafts], () =>
    Promise.all([
      db.attempts.get(attempt.id).then((stored) => {
        if (!stored) throw new Error(`attempt ${attempt.id} does not exist on this phone`);
        if (stored.finishedAt !== undefined) throw new Error(`attempt ${attempt.id} is already finished`);
        // Changing an earlier answer must not send the learner back: resume after the furthest one.
        // A put of the record read in this transaction: `update` would read it a second time.
        return db.attempts.put({ ...stored, currentIndex: Math.max(stored.currentIndex, given.questionIndex + 1) });
      }),
      db.answers.add(record),
      enqueueOutbox(db, item),
      // The entry kept for this question is now the saved answer: nothing unsaved is left of it.
      db.drafts.delete(questionDraftKey(attempt.id, given.questionId)),
    ]),
  );
  return record;
}

/**
 * A new answer record and its outbox item (same id); the caller writes both in one transaction.
 * @example const { record, item } = newAnswer(attempt, 'q1', { type: 'truefalse', value: true }, Date.now());
 */
export function newAnswer(
  attempt: AttemptRecord,
  questionId: string,
  value: AnswerValue,
  answeredAt: number,
): { record: AnswerRecord; item: Omit<AnswerItem, 'seq'> } {
  const record: AnswerRecord = {
    id: uuidv7(),
    attemptId: attempt.id,
    learnerId: attempt.learnerId,
    questionId,
    value,
    answeredAt,
  };
  const item: Omit<AnswerItem, 'seq'> = {
    kind: 'answer',
    id: record.id,
    learnerId: record.learnerId,
    attemptId: attempt.id,
    courseId: attempt.courseId,
    courseVersion: attempt.courseVersion,
    quizId: attempt.quizId,
    questionId,
    value,
    answeredAt,
  };
  return { record, item };
}
