import { rowIds } from '../db/row-items';
import { MAX_RECONCILE_IDS } from '../shared/sync/protocol';
import { askMissing } from './ask-missing';
import type { SyncContext } from './sync-context';

/**
 * Asks the national server (`/api/sync/reconcile`) which of the learner's items held by a hub it
 * now stores, and marks those synced: the hub forwarded them, so the phone need not send them
 * again. The rest stay pending and carried. Returns how many were confirmed. Throws on no answer.
 */
export async function confirmHeld(ctx: SyncContext, learnerId: string, token: string): Promise<number> {
  const { db } = ctx;
  const carried = await db.carriedItems
    .where('learnerId')
    .equals(learnerId)
    .filter((c) => c.fileName.startsWith('hub:'))
    .toArray();
  let confirmed = 0;
  for (let i = 0; i < carried.length; i += MAX_RECONCILE_IDS) {
    const chunk = carried.slice(i, i + MAX_RECONCILE_IDS);
    const missing = await askMissing(
      ctx,
      token,
      chunk.map((c) => c.id),
    );
    if (!missing) return confirmed; // everything goes out again anyway
    const stored = new Set(chunk.filter((c) => !missing.has(c.id.toLowerCase())).map((c) => c.id));
    const now = ctx.now();
    await db.transaction('rw', db.outbox, db.carriedItems, async () => {
      // A row carrying an attempt's answers is confirmed once all of them are stored; until then
      // its items stay shown as carried.
      const pending = await db.outbox
        .where('learnerId')
        .equals(learnerId)
        .filter((r) => r.state === 'pending')
        .toArray();
      const waiting = new Set(pending.flatMap((r) => (rowIds(r).every((id) => stored.has(id)) ? [] : rowIds(r))));
      const rows = pending.filter((r) => !waiting.has(r.id));
      await db.outbox.bulkPut(
        rows.map(({ lastError: _, serverErrors: __, ...row }) => ({ ...row, state: 'synced' as const, syncedAt: now })),
      );
      await db.carriedItems.bulkDelete([...stored].filter((id) => !waiting.has(id)));
      confirmed += rows.flatMap(rowIds).length;
    });
  }
  return confirmed;
}
