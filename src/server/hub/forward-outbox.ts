import type { Store } from '../store/store';
import { MAX_HUB_BUNDLES } from './hub-protocol';
import { postHubBundles, type UpstreamClient } from './upstream-client';

/**
 * Batches a hub keeps in flight upstream at once. With one, the uplink idles while the national
 * server verifies, stores and grades a batch, and the two times add up (docs/benchmarks.md, "The
 * kecamatan hub"); with two, the next batch travels while the last is being stored. More would
 * only queue on the national server and hold more unanswered bundles when the uplink drops.
 */
export const FORWARD_IN_FLIGHT = 2;

type OutboxRow = { id: string; body: string; signature: string };

/**
 * Sends the oldest waiting bundles of `hub_outbox` upstream in one batch and records the national
 * server's answer: a bundle is marked forwarded, with its per-item results, only after that answer
 * came back, in one transaction. A hub killed between the two sends the batch again on restart;
 * the item ids make that a `duplicate` upstream, so the effect is exactly once. Throws when the
 * upstream cannot be reached or answers an error (the caller backs off); returns how many were sent.
 */
export async function forwardOutboxBatch(
  store: Store,
  client: UpstreamClient,
  batchSize = MAX_HUB_BUNDLES,
): Promise<{ sent: number; more: boolean }> {
  return forwardOutboxBatches(store, client, batchSize, 1);
}

/**
 * Up to `inFlight` batches of the oldest waiting bundles, sent at once (each answer recorded as it
 * comes, as `forwardOutboxBatch` does): bundles are independent, and the national server stores each
 * item by its id whatever the order. When one batch fails, the others' answers are still recorded,
 * then the first failure is thrown (the caller backs off; the failed batch is sent again).
 */
export async function forwardOutboxBatches(
  store: Store,
  client: UpstreamClient,
  batchSize = MAX_HUB_BUNDLES,
  inFlight = FORWARD_IN_FLIGHT,
): Promise<{ sent: number; more: boolean }> {
  const { rows } = await store.query<OutboxRow>(
    `SELECT id::text AS id, body, signature FROM hub_outbox WHERE forwarded_at IS NULL ORDER BY id LIMIT $1`,
    [batchSize * inFlight + 1],
  );
  const waiting = rows.slice(0, batchSize * inFlight);
  if (waiting.length === 0) return { sent: 0, more: false };
  const batches: OutboxRow[][] = [];
  for (let i = 0; i < waiting.length; i += batchSize) batches.push(waiting.slice(i, i + batchSize));
  const sent = await Promise.allSettled(batches.map((batch) => sendBatch(store, client, batch)));
  const failed = sent.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return { sent: waiting.length, more: rows.length > waiting.length };
}

async function sendBatch(store: Store, client: UpstreamClient, batch: OutboxRow[]): Promise<void> {
  await store.query(`UPDATE hub_outbox SET tries = tries + 1 WHERE id = ANY($1::bigint[])`, [batch.map((r) => r.id)]);
  const answer = await postHubBundles(
    client,
    batch.map((r) => ({ body: r.body, signature: r.signature })),
  );
  await store.transaction(async (tx) => {
    for (const result of answer.results) {
      const row = batch[result.index];
      if (!row) continue;
      await tx.query(
        `UPDATE hub_outbox SET forwarded_at = now(), upstream_result = $2::text::jsonb, last_error = NULL WHERE id = $1`,
        [row.id, JSON.stringify(result)],
      );
      if (result.bundle === 'refused') {
        await tx.query(
          `UPDATE hub_held_items SET upstream_status = 'refused', upstream_reason = $2 WHERE outbox_id = $1`,
          [row.id, result.code ?? null],
        );
        continue;
      }
      const statuses = result.items.filter((i) => i.id !== null);
      await tx.query(
        `UPDATE hub_held_items h SET upstream_status = r.status, upstream_reason = r.reason
           FROM jsonb_to_recordset($1::text::jsonb) AS r(id uuid, status text, reason text)
          WHERE h.item_id = r.id`,
        [JSON.stringify(statuses.map((i) => ({ id: i.id, status: i.status, reason: i.reason ?? null })))],
      );
    }
    await tx.query(
      `INSERT INTO meta (key, value) VALUES ('hub_last_forward_at', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [new Date().toISOString()],
    );
  });
}
