import type { OutboxRow } from '../../../src/db/learning-records';
import type { AnswerItem, AttemptItem, ProgressItem } from '../../../src/shared/sync/sync-item';

/** A UUID of the sync protocol's shape whose last digits are `n` (stable, readable in failures). */
export const testUuid = (n: number): string => `0190a3c2-7d1e-7cc0-9f00-${String(n).padStart(12, '0')}`;

/** A progress item with sequence number `seq`, for outbox rows and enqueue tests. */
export function progressItem(seq: number, fields: Partial<ProgressItem> = {}): ProgressItem {
  return {
    kind: 'progress',
    id: testUuid(seq),
    learnerId: 'L',
    seq,
    courseId: 'c',
    lessonId: `l${seq}`,
    completed: true,
    hlc: '000000000000001:000000:a',
    updatedAt: 1,
    ...fields,
  };
}

/** A finished ujian attempt item with sequence number `seq`. */
export function attemptItem(seq: number, fields: Partial<AttemptItem> = {}): AttemptItem {
  return {
    kind: 'attempt',
    id: testUuid(seq),
    attemptId: testUuid(seq),
    learnerId: 'L',
    seq,
    courseId: 'c',
    courseVersion: '1',
    quizId: 'q',
    mode: 'ujian',
    startedAt: 1,
    finishedAt: 2,
    answerIds: [],
    ...fields,
  };
}

/** An answer item with sequence number `seq` in attempt `attempt` (by its builder number). */
export function answerItem(seq: number, attempt: number, fields: Partial<AnswerItem> = {}): AnswerItem {
  return {
    kind: 'answer',
    id: testUuid(seq),
    learnerId: 'L',
    seq,
    attemptId: testUuid(attempt),
    courseId: 'c',
    courseVersion: '1',
    quizId: 'q',
    questionId: `q${seq}`,
    value: { type: 'truefalse', value: true },
    answeredAt: seq,
    ...fields,
  };
}

/** An outbox row as `enqueueOutbox` stores it (pending, never tried), carrying `item` (a progress item by default). */
export function outboxRow(seq: number, fields: Partial<OutboxRow> = {}): OutboxRow {
  const item = fields.item ?? progressItem(seq);
  return {
    seq,
    id: item.id,
    learnerId: item.learnerId,
    item,
    state: 'pending',
    tries: 0,
    nextTryAt: 0,
    ...fields,
  };
}
