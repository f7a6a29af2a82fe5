import type { LenteraDatabase } from '../../db/database';
import { enqueueOutbox } from '../../db/enqueue-outbox';
import type { AnswerRecord, AttemptRecord } from '../../db/learning-records';
import type { AnswerValue } from '../../shared/quiz/question';
import type { AnswerItem } from '../../shared/sync/sync-item';
import { nextAnswerId } from './answer-ids';
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
 * A changed answer is a new record; the latest per question counts. `attempt.answersGiven` is
 * moved on with the stored count, so the caller can pass the same object for the next answer.
 * @example await recordAnswer(db, attempt, { questionId: 'q1', questionIndex: 0, value: { type: 'truefalse', value: true } });
 */
export async function recordAnswer(
  db: LenteraDatabase,
  attempt: AttemptRecord,
  given: GivenAnswer,
  now = Date.now(),
): Promise<AnswerRecord> {
  try {
    return await saveAnswer(db, attempt, given, now);
  } catch (error) {
    // Another screen (a second tab) saved an answer in this attempt since `attempt` was read: number
    // this one after it. Nothing was written by the aborted try. The count check (StaleCount) or the
    // answer's id already taken (a ConstraintError) may abort it first, whichever IndexedDB reaches
    // first, so the stored count decides, not the error.
    const stored = error instanceof StaleCount ? error : await db.attempts.get(attempt.id);
    if (stored === undefined || stored.answersGiven === attempt.answersGiven) throw error;
    attempt.answersGiven = stored.answersGiven;
    return saveAnswer(db, attempt, given, now);
  }
}

/** The attempt's stored answer count is not the one the answer's id was made from. */
class StaleCount extends Error {
  constructor(readonly answersGiven: number | undefined) {
    super('the attempt has answers this screen has not seen');
  }
}

async function saveAnswer(db: LenteraDatabase, attempt: AttemptRecord, given: GivenAnswer, now: number) {
  const counted = attempt.answersGiven;
  const { record, item } = newAnswer(attempt, given.questionId, given.value, now);
  // Every request is issued at once and IndexedDB runs them in order inside the one strict
  // transaction: awaiting each in turn cost a round trip apiece, several times a bare put. A throw
  // anywhere (missing or finished attempt, a count another screen moved on, failed outbox insert)
  // still aborts all of them together. The id is made from the count this screen holds, so no read
  // has to come first; the check below aborts the rare save whose count is stale.
  await db.transaction('rw', [db.attempts, db.answers, db.outbox, db.syncState, db.drafts], () =>
    Promise.all([
      db.attempts.get(attempt.id).then((stored) => {
        if (!stored) throw new Error(`attempt ${attempt.id} does not exist on this phone`);
        if (stored.finishedAt !== undefined) throw new Error(`attempt ${attempt.id} is already finished`);
        if (stored.answersGiven !== counted) throw new StaleCount(stored.answersGiven);
        // Changing an earlier answer must not send the learner back: resume after the furthest one.
        // A put of the record read in this transaction: `update` would read it a second time.
        return db.attempts.put({
          ...stored,
          currentIndex: Math.max(stored.currentIndex, given.questionIndex + 1),
          ...(counted !== undefined && { answersGiven: counted + 1 }),
        });
      }),
      db.answers.add(record),
      enqueueOutbox(db, item),
      // The entry kept for this question is now the saved answer: nothing unsaved is left of it.
      db.drafts.delete(questionDraftKey(attempt.id, given.questionId)),
    ]),
  );
  // The screen keeps this attempt object for its next answer: it holds the stored count again.
  if (counted !== undefined) attempt.answersGiven = counted + 1;
  return record;
}

/**
 * A new answer record and its outbox item (same id), numbered after `attempt.answersGiven`
 * answers; the caller writes both in one transaction and stores the count one higher.
 * @example const { record, item } = newAnswer(attempt, 'q1', { type: 'truefalse', value: true }, Date.now());
 */
export function newAnswer(
  attempt: AttemptRecord,
  questionId: string,
  value: AnswerValue,
  answeredAt: number,
): { record: AnswerRecord; item: Omit<AnswerItem, 'seq'> } {
  const record: AnswerRecord = {
    id: nextAnswerId(attempt),
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
