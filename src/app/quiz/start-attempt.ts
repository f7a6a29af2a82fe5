import type { LenteraDatabase } from '../../db/database';
import type { AttemptRecord } from '../../db/learning-records';
import type { QuizMode } from '../../shared/quiz/question';
import { newAttemptId } from './answer-ids';

export interface AttemptTarget {
  learnerId: string;
  courseId: string;
  courseVersion: string;
  quizId: string;
  mode: QuizMode;
}

/**
 * The learner's unfinished attempt at this quiz, or a new one. Reopening a quiz after a reload or
 * a killed browser therefore lands in the same attempt, at its saved `currentIndex`.
 * @example const attempt = await openAttempt(db, { learnerId, courseId, courseVersion, quizId, mode: 'latihan' });
 */
export async function openAttempt(
  db: LenteraDatabase,
  target: AttemptTarget,
  now = Date.now(),
): Promise<AttemptRecord> {
  return db.transaction('rw', db.attempts, async () => {
    const open = await findOpenAttempt(db, target.learnerId, target.quizId, target.courseId);
    if (open) return open;
    const attempt: AttemptRecord = {
      ...target,
      // UUIDv7: sortable by creation, and the id the server and a later xAPI export keep; its last
      // four hex digits are 0000 so that its answers are numbered after it (answer-ids.ts).
      id: newAttemptId(),
      startedAt: now,
      currentIndex: 0,
      answersGiven: 0,
      gradeStatus: target.mode === 'ujian' ? 'pending' : 'local',
    };
    await db.attempts.add(attempt);
    return attempt;
  });
}

/**
 * The learner's attempt at this quiz that has not been finished, if any. Quiz ids repeat across
 * courses (every course has its `pretest`), so `courseId`, when given, keeps another course's out.
 */
export async function findOpenAttempt(
  db: LenteraDatabase,
  learnerId: string,
  quizId: string,
  courseId?: string,
): Promise<AttemptRecord | undefined> {
  const attempts = await db.attempts.where('[learnerId+quizId]').equals([learnerId, quizId]).toArray();
  return attempts
    .filter((a) => a.finishedAt === undefined && (courseId === undefined || a.courseId === courseId))
    .sort((a, b) => b.startedAt - a.startedAt)[0];
}
