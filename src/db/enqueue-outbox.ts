import type { AnswerItem, SyncItem } from '../shared/sync/sync-item';
import type { LenteraDatabase } from './database';
import type { OutboxRow, UnsequencedItem } from './learning-records';
import { readState, writeState } from './sync-state';

/**
 * Appends an item to the outbox with the next per-device sequence number. Call it inside a
 * `db.transaction('rw', [db.outbox, db.syncState, …])` together with the record it belongs to, so
 * the answer and its outbox row are committed together or not at all.
 * @example await db.transaction('rw', [db.answers, db.outbox, db.syncState], async () => { … await enqueueOutbox(db, item); });
 */
export async function enqueueOutbox(
  db: LenteraDatabase,
  item: UnsequencedItem,
  /** Answers (already queued, their rows removed by the caller) to send in this row before `item`. */
  answers: AnswerItem[] = [],
): Promise<OutboxRow> {
  // The counter lives in syncState, not in the outbox's max key: synced rows get pruned, and a
  // sequence number must never be reused.
  const seq = ((await readState(db, 'deviceSeq')) ?? 0) + 1;
  const row: OutboxRow = {
    seq,
    id: item.id,
    learnerId: item.learnerId,
    item: { ...item, seq } as SyncItem,
    state: 'pending',
    tries: 0,
    nextTryAt: 0,
    ...(answers[0] && { answers }), // none: a row of one item, as ever
  };
  // Both writes are issued at once (IndexedDB still runs them in order within the transaction): the
  // transaction commits both or neither, so waiting for one before the other buys nothing.
  await Promise.all([writeState(db, 'deviceSeq', seq), db.outbox.add(row)]);
  return row;
}

/**
 * Takes the answers among `ids` that wait to go out for the first time out of their own outbox rows
 * and returns them, oldest first, for their attempt's row (`enqueueOutbox(db, attempt, answers)`,
 * in the same transaction): a sync then reads, sends and records one row per finished attempt
 * instead of one per answer. An answer already sent or tried (synced, failed, held by a hub) keeps
 * its own row and what the server said of it.
 */
export async function takeWaitingAnswers(db: LenteraDatabase, ids: string[]): Promise<AnswerItem[]> {
  const waiting = (await db.outbox.where('id').anyOf(ids).sortBy('seq')).filter(
    (r) => r.state === 'pending' && !r.tries && !r.lastError && r.item.kind === 'answer',
  );
  await db.outbox.bulkDelete(waiting.map((r) => r.seq));
  return waiting.map((r) => r.item as AnswerItem); // answers only, by the filter above
}
