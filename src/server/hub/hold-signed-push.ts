import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { REJECT_REASONS, type PushItemResult, type RejectReason } from '../../shared/sync/protocol';
import { UuidSchema } from '../../shared/sync/uuid';
import type { Queryable, Store } from '../store/store';
import { wakeHubForwarder } from './hub-wake';

const ItemId = v.object({ id: UuidSchema });

/**
 * The hub's push: stores a verified signed bundle in `hub_outbox`, exactly as received, and its
 * item ids in `hub_held_items`, in ONE transaction, and only then answers — so every `held` the
 * phone hears survives a SIGKILL of the hub. The same bundle again (a lost answer) is kept once
 * (by the hash of its text). Items the national server has already stored, as far as the hub has
 * heard, are answered `duplicate`; an item without a usable id is `rejected` (invalid_item), as
 * the national server would answer it; every other item is `held`.
 */
export async function holdSignedPush(
  store: Store,
  bundle: { learnerId: string; deviceId: string; text: string; signature: string; items: unknown[] },
): Promise<PushItemResult[]> {
  const bodyHash = createHash('sha256').update(bundle.text).digest('hex');
  const ids = bundle.items.map((item) => {
    const parsed = v.safeParse(ItemId, item);
    return parsed.success ? parsed.output.id : null;
  });
  let queued = false;
  const upstream = await store.transaction(async (tx) => {
    const valid = ids.filter((id): id is string => id !== null);
    // A phone that missed the answer pushes the same items again in a new bundle (new createdAt):
    // when every item is already held, the new text adds nothing to forward. Items of a bundle the
    // national server refused stay refused (answered `rejected`): the refusal is about the device,
    // the learner or the bytes, and sending them again would only be refused again.
    const known = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM hub_held_items WHERE item_id = ANY($1::uuid[])`,
      [valid],
    );
    if (valid.length > 0 && known.rows[0]!.n === new Set(valid).size) return readHeld(tx, valid);
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO hub_outbox (body_hash, body, signature, learner_id, device_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (body_hash) DO NOTHING RETURNING id::text AS id`,
      [bodyHash, bundle.text, bundle.signature, bundle.learnerId, bundle.deviceId],
    );
    queued = inserted.rows.length > 0;
    const outboxId =
      inserted.rows[0]?.id ??
      (await tx.query<{ id: string }>(`SELECT id::text AS id FROM hub_outbox WHERE body_hash = $1`, [bodyHash]))
        .rows[0]!.id;
    await tx.query(
      `INSERT INTO hub_held_items (item_id, learner_id, outbox_id)
       SELECT value::uuid, $2, $3 FROM jsonb_array_elements_text($1::text::jsonb)
       ON CONFLICT (item_id) DO NOTHING`,
      [JSON.stringify(valid), bundle.learnerId, outboxId],
    );
    return readHeld(tx, valid);
  });
  // Committed: the forwarder sends it now instead of after its idle wait.
  if (queued) wakeHubForwarder(store);
  return ids.map((id, index): PushItemResult => {
    if (id === null) return { index, id: null, status: 'rejected', reason: 'invalid_item' };
    return { index, id, ...answerFor(upstream.get(id)) };
  });
}

async function readHeld(tx: Queryable, ids: string[]) {
  const { rows } = await tx.query<{ id: string; status: string | null; reason: string | null }>(
    `SELECT item_id::text AS id, upstream_status AS status, upstream_reason AS reason
       FROM hub_held_items WHERE item_id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

const isRejectReason = (r: string | null): r is RejectReason =>
  (REJECT_REASONS as readonly (string | null)[]).includes(r);

/** The phone's answer for an item from what the national server answered the hub (nothing yet: `held`). */
function answerFor(
  row: { status: string | null; reason: string | null } | undefined,
): Omit<PushItemResult, 'index' | 'id'> {
  switch (row?.status) {
    case 'accepted':
    case 'duplicate':
      return { status: 'duplicate' };
    case 'conflict':
      return { status: 'conflict' };
    case 'rejected':
      return { status: 'rejected', reason: isRejectReason(row.reason) ? row.reason : 'invalid_item' };
    case 'refused':
      // The national server refused the whole bundle (a revoked device, a learner moved away).
      return { status: 'rejected', reason: 'forbidden', detail: row.reason ?? 'refused' };
    default:
      return { status: 'held' };
  }
}

/** Which of `ids` the hub does not hold, or the national server refused or rejected: the phone pushes those again. */
export async function findIdsNotHeld(store: Store, learnerId: string, ids: string[]): Promise<string[]> {
  const { rows } = await store.query<{ id: string }>(
    `SELECT item_id::text AS id FROM hub_held_items
      WHERE learner_id = $1 AND item_id = ANY($2::uuid[])
        AND (upstream_status IS NULL OR upstream_status IN ('accepted', 'duplicate', 'conflict'))`,
    [learnerId, ids],
  );
  const held = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !held.has(id));
}
