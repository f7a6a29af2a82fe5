// The unit every sync benchmark counts: one finished attempt = its answer item + its attempt item
// (a one-question ujian, the shape reliability scenario 12 in docs/reliability.md uses), on the fixtures' published pre-test.
import { newAttemptId } from '../src/app/quiz/answer-ids';
import { nextId } from '../src/shared/sync/pack-items';
import type { AnswerItem, AttemptItem, SyncItem } from '../src/shared/sync/sync-item';
import { COURSE } from '../tests/server/sync-fixtures';

export const ITEMS_PER_ATTEMPT = 2;

/** `count` attempts of `learnerId`, answers before their attempt, device sequence numbers from `firstSeq`. */
export function makeAttempts(learnerId: string, count: number, firstSeq = 1, at = Date.now()): SyncItem[] {
  const items: SyncItem[] = [];
  let seq = firstSeq;
  for (let a = 0; a < count; a++) {
    // Ids as the app makes them (src/app/quiz/answer-ids.ts): the answer numbered from the attempt's id.
    const attemptId = newAttemptId();
    const answer: AnswerItem = {
      kind: 'answer',
      id: nextId(attemptId)!,
      learnerId,
      seq: seq++,
      attemptId,
      courseId: COURSE.id,
      courseVersion: COURSE.version,
      quizId: 'pretest',
      questionId: 'q1',
      value: { type: 'single', choice: a % 2 ? 'a' : 'b' },
      answeredAt: at + a * 1000,
    };
    const attempt: AttemptItem = {
      kind: 'attempt',
      id: attemptId,
      attemptId,
      learnerId,
      seq: seq++,
      courseId: COURSE.id,
      courseVersion: COURSE.version,
      quizId: 'pretest',
      mode: 'ujian',
      startedAt: at + a * 1000 - 60_000,
      finishedAt: at + a * 1000,
      answerIds: [answer.id],
    };
    items.push(answer, attempt);
  }
  return items;
}

/** Splits into consecutive batches of at most `size`. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
