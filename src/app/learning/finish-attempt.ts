import type { LenteraDatabase } from '../../db/database';
import { enqueueOutbox } from '../../db/enqueue-outbox';
import type { AttemptRecord } from '../../db/learning-records';
import type { AnswerValue, QuizDocument } from '../../shared/quiz/question';
import { scoreQuiz } from '../../shared/quiz/score-quiz';
import { latestAnswers } from './latest-answers';

/**
 * Closes an attempt and queues its attempt item (which lists the answers to grade) in the same
 * transaction. latihan is scored here from the shipped keys; ujian waits for the server's grade.
 * Finishing twice returns the finished attempt unchanged, so a double tap cannot queue two items.
 * @example const done = await finishAttempt(db, attempt.id, quizDocument);
 */
export async function finishAttempt(
  db: LenteraDatabase,
  attemptId: string,
  doc: QuizDocument,
  now = Date.now(),
): Promise<AttemptRecord> {
  return db.transaction('rw', [db.attempts, db.answers, db.outbox, db.syncState], async () => {
    const attempt = await db.attempts.get(attemptId);
    if (!attempt) throw new Error(`attempt ${attemptId} does not exist on this phone`);
    if (attempt.finishedAt !== undefined) return attempt;
    const latest = await latestAnswers(db, attemptId);
    const scored = doc.mode === 'latihan' && doc.keys ? scoreQuiz(doc, answerValues(latest)) : undefined;
    const finished: AttemptRecord = {
      ...attempt,
      finishedAt: now,
      currentIndex: doc.questions.length,
      gradeStatus: scored ? 'local' : 'pending',
      ...(scored && { score: scored.percent, passed: scored.percent >= (doc.passScore ?? 0) }),
    };
    await db.attempts.put(finished);
    await enqueueOutbox(db, {
      kind: 'attempt',
      // One attempt item per attempt: its id is the attempt's, so a replay is a plain duplicate.
      id: attempt.id,
      learnerId: attempt.learnerId,
      attemptId: attempt.id,
      courseId: attempt.courseId,
      courseVersion: attempt.courseVersion,
      quizId: attempt.quizId,
      mode: attempt.mode,
      startedAt: attempt.startedAt,
      finishedAt: now,
      answerIds: [...latest.values()].map((a) => a.id),
      ...(scored && { clientScore: scored.percent }),
    });
    return finished;
  });
}

function answerValues(latest: Map<string, { value: AnswerValue }>): Record<string, AnswerValue> {
  return Object.fromEntries([...latest].map(([questionId, a]) => [questionId, a.value]));
}
