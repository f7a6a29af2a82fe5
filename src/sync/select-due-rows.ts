import Dexie from 'dexie';
import type { LenteraDatabase } from '../db/database';
import type { OutboxRow } from '../db/learning-records';

/** Pending outbox rows whose retry time has come, oldest first (by per-device sequence). */
export async function selectDueRows(db: LenteraDatabase, now: number): Promise<OutboxRow[]> {
  const rows = await db.outbox
    .where('[state+nextTryAt]')
    .between(['pending', Dexie.minKey], ['pending', now], true, true)
    .toArray();
  return rows.sort((a, b) => a.seq - b.seq);
}
