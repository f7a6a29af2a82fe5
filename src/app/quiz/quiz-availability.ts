import type { AttemptRecord } from '../../db/learning-records';
import type { QuizPolicy } from '../../shared/quiz/quiz-policy';

/** Whether the learner may start a new attempt on this phone now, and if not, why. */
export type QuizAvailability =
  | { open: true; used: number; max: number | null }
  | { open: false; reason: 'used-up'; used: number; max: number }
  | { open: false; reason: 'wait'; until: number; used: number; max: number | null };

/**
 * The quiz policy applied offline to the learner's finished attempts at this quiz on this phone:
 * closed when every allowed attempt is used, or until `waitMinutes` after the last one finished.
 * Attempts from the learner's other phones are counted by the server at grading, not here.
 * @example quizAvailability({ review: 'after-final', maxAttempts: 3, waitMinutes: 0 }, attempts, Date.now())
 */
export function quizAvailability(policy: QuizPolicy, attempts: AttemptRecord[], now: number): QuizAvailability {
  const finished = attempts.filter((a) => a.finishedAt !== undefined);
  const used = finished.length;
  const max = policy.maxAttempts;
  if (max !== null && used >= max) return { open: false, reason: 'used-up', used, max };
  const last = Math.max(...finished.map((a) => a.finishedAt!), -Infinity);
  const until = last + policy.waitMinutes * 60_000;
  if (policy.waitMinutes > 0 && until > now) return { open: false, reason: 'wait', until, used, max };
  return { open: true, used, max };
}
