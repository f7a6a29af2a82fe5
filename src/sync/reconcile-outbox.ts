import * as v from 'valibot';
import { MAX_RECONCILE_IDS, ReconcileResponseSchema } from '../shared/sync/protocol';
import { checkServerEpoch } from './check-server-epoch';
import type { SyncContext } from './sync-context';

/**
 * Asks the server which of this learner's synced items it lacks and queues those again: the phone
 * keeps synced items for a while to be the server's backup. Returns how many were re-queued.
 */
export async function reconcileOutbox(ctx: SyncContext, learnerId: string, token: string): Promise<number> {
  const { db } = ctx;
  const synced = await db.outbox
    .where('learnerId')
    .equals(learnerId)
    .filter((r) => r.state === 'synced')
    .toArray();
  let requeued = 0;
  for (let i = 0; i < synced.length; i += MAX_RECONCILE_IDS) {
    const chunk = synced.slice(i, i + MAX_RECONCILE_IDS);
    const res = await ctx.fetch(`${ctx.baseUrl}/api/sync/reconcile`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ ids: chunk.map((r) => r.id) }),
      signal: AbortSignal.timeout(ctx.requestTimeoutMs),
    });
    if (!res.ok) throw new Error(`reconcile answered ${res.status}`);
    const body = v.parse(ReconcileResponseSchema, await res.json());
    if (await checkServerEpoch(db, body.serverEpoch)) return requeued; // everything is pending again anyway
    const missing = new Set(body.missing.map((id) => id.toLowerCase()));
    const lost = chunk.filter((r) => missing.has(r.id.toLowerCase()));
    await db.outbox.bulkUpdate(
      lost.map((r) => ({ key: r.seq, changes: { state: 'pending', nextTryAt: 0, tries: 0 } })),
    );
    requeued += lost.length;
  }
  return requeued;
}
