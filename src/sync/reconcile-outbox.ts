import * as v from 'valibot';
import type { OutboxRow } from '../db/learning-records';
import { rowIds } from '../db/row-items';
import { MAX_RECONCILE_IDS, MAX_RECONCILE_RANGES, ReconcileSummaryResponseSchema } from '../shared/sync/protocol';
import { sortIds, summarizeIds } from '../shared/sync/id-ranges';
import { askMissing, postReconcile } from './ask-missing';
import { checkServerEpoch } from './check-server-epoch';
import type { SyncContext } from './sync-context';

/**
 * Asks the server which of this learner's synced items it lacks and queues those again: the phone
 * keeps synced items for a while to be the server's backup. Returns how many items were re-queued.
 *
 * First a summary (id-ranges.ts: 500 ids per range as first, last, count and digest, ~2 B per id
 * instead of ~39); then, only for the ranges the server does not hold exactly, the ids themselves,
 * so a missing item is still found exactly. A server from before the summary refuses it (400): then
 * every id is asked about, as before.
 */
export async function reconcileOutbox(
  ctx: SyncContext,
  learnerId: string,
  token: string,
  /**
   * Only items marked synced before this time are asked about: the server answered for the later
   * ones moments ago (the sync run that calls this pushed them), so asking again proves nothing.
   * A restore after this run is still found by the next day's reconcile, which includes them.
   */
  syncedBefore = Infinity,
): Promise<number> {
  const { db } = ctx;
  const synced = await db.outbox
    .where('learnerId')
    .equals(learnerId)
    .filter((r) => r.state === 'synced' && (r.syncedAt ?? 0) < syncedBefore)
    .toArray();
  if (synced.length === 0) return 0;
  const summary = await summarizeIds(sortIds(synced.flatMap(rowIds)));
  const doubtful: string[] = [];
  for (let i = 0; i < summary.length; i += MAX_RECONCILE_RANGES) {
    const part = summary.slice(i, i + MAX_RECONCILE_RANGES);
    const res = await postReconcile(ctx, token, { deviceId: ctx.deviceId, ranges: part.map((p) => p.range) });
    if (res.status === 400) {
      doubtful.push(...summary.slice(i).flatMap((p) => p.ids)); // a server from before the summary
      break;
    }
    if (!res.ok) throw new Error(`reconcile answered ${res.status}`);
    const body = v.parse(ReconcileSummaryResponseSchema, await res.json());
    if (await checkServerEpoch(db, body.serverEpoch)) return 0; // everything is pending again anyway
    for (const index of new Set(body.differ)) doubtful.push(...(part[index]?.ids ?? []));
  }
  return requeueMissing(ctx, token, synced, doubtful);
}

/** Asks about `ids` one by one (in requests of `MAX_RECONCILE_IDS`) and queues the missing ones again. */
async function requeueMissing(ctx: SyncContext, token: string, synced: OutboxRow[], ids: string[]): Promise<number> {
  const byId = new Map(synced.flatMap((r) => rowIds(r).map((id) => [id.toLowerCase(), r] as const)));
  let requeued = 0;
  for (let i = 0; i < ids.length; i += MAX_RECONCILE_IDS) {
    const chunk = ids.slice(i, i + MAX_RECONCILE_IDS);
    const missing = await askMissing(ctx, token, chunk);
    if (!missing) return requeued; // everything is pending again anyway
    // A row carrying an attempt's answers goes out again whole if any of its items is missing.
    const lost = new Set([...missing].flatMap((id) => byId.get(id) ?? []));
    await ctx.db.outbox.bulkUpdate(
      [...lost].map((r) => ({ key: r.seq, changes: { state: 'pending', nextTryAt: 0, tries: 0 } })),
    );
    requeued += [...lost].flatMap(rowIds).length;
  }
  return requeued;
}
