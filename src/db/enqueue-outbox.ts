import type { SyncItem } from '../shared/sync/sync-item';
import type { LenteraDatabase } from './database';
import type { OutboxRow, UnsequencedItem } from './learning-records';
import { readState, writeState } from './sync-state';

/**
 * Appends an item to the outbox with the next per-device sequence number. Call it inside a
 * `db.transaction('rw', [db.outbox, db.syncState, …])` together with the record it belongs to, so
 * the answer and its outbox row are committed together or not at all.
 * @example await db.transaction('rw', [db.answers, db.outbox, db.syncState], async () => { … await enqueueOutbox(db, item); });
 */
export async function enqueueOutbox(db: LenteraDatabase, item: UnsequencedItem): Promise<OutboxRow> {
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
  };
  // Both writes are issued at once (IndexedDB still runs them in order within the transaction): the
  // transaction commits both or neither, so waiting for one before the other buys nothing.
  await Promise.all([writeState(db, 'deviceSeq', seq), db.outbox.add(row)]);
  return row;
}
