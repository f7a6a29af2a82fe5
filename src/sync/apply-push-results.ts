import type { LenteraDatabase } from '../db/database';
import type { OutboxRow } from '../db/learning-records';
import type { PushItemResult } from '../shared/sync/protocol';

/**
 * Records the server's answer per item, in one transaction: accepted and duplicate are synced
 * (kept for the retention period, for reconcile); conflict and rejected go to the dead-letter list
 * with their reason. Only now, after the answer, is anything marked synced.
 */
export async function applyPushResults(
  db: LenteraDatabase,
  rows: OutboxRow[],
  results: PushItemResult[],
  now: number,
): Promise<{ synced: number; dead: number }> {
  let synced = 0;
  let dead = 0;
  const updated = rows.map((row, i): OutboxRow => {
    const result = results[i];
    // Results come in request order; an id that does not match means the answer is not for this row.
    const matches =
      result && result.index === i && (result.id === null || result.id.toLowerCase() === row.id.toLowerCase());
    if (!matches) return row; // not answered: retry later
    if (result.status === 'accepted' || result.status === 'duplicate') {
      synced++;
      const { lastError: _, serverErrors: __, ...rest } = row;
      return { ...rest, state: 'synced', syncedAt: now };
    }
    dead++;
    return {
      ...row,
      state: 'dead',
      lastError: result.status === 'conflict' ? 'conflict' : (result.reason ?? 'rejected'),
    };
  });
  await db.transaction('rw', db.outbox, db.carriedItems, async () => {
    // Re-read: a server-epoch reset may have touched these rows since they were selected.
    const current = await db.outbox.bulkGet(rows.map((r) => r.seq));
    await db.outbox.bulkPut(updated.filter((_, i) => current[i]?.state === 'pending'));
    // Items carried by file are confirmed (or refused) now, whichever way the server got them first.
    await db.carriedItems.bulkDelete(updated.filter((r) => r.state !== 'pending').map((r) => r.id));
  });
  return { synced, dead };
}
