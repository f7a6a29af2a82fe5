import type { Store } from '../store/store';
import { MAX_HUB_ENROLMENTS } from './hub-protocol';
import { postHubEnrolments, type UpstreamClient } from './upstream-client';

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * Sends the enrolments redeemed at the office upstream, oldest first, and records each answer only
 * after it came back, in one transaction (as `forwardOutboxBatch` does for bundles: a hub killed in
 * between sends them again, and the national server answers the same redemption `enrolled` again).
 * A device key the phone handed over goes with its redemption; one the national server did not
 * register is dropped here too.
 * Enrolled: the code is dropped, the session stays (the next mirror lists it too). Refused: the
 * hub's session is closed — the phone's token then fails here and upstream alike and the learner
 * asks for a new code — and the code is dropped; only the refusal is kept, for the operator.
 * Throws when the upstream cannot be reached (the caller backs off).
 */
export async function forwardHubEnrolments(store: Store, client: UpstreamClient): Promise<{ sent: number }> {
  const { rows } = await store.query<{
    id: string;
    code: string;
    token_hash: string;
    device_id: string | null;
    redeemed_at: Date;
    session_expires_at: Date;
    user_id: string;
    public_key: string | null;
  }>(
    `SELECT id::text AS id, code, token_hash, device_id::text AS device_id, redeemed_at, session_expires_at,
            user_id::text AS user_id, public_key
       FROM hub_enrolments WHERE forwarded_at IS NULL ORDER BY id LIMIT $1`,
    [MAX_HUB_ENROLMENTS],
  );
  if (rows.length === 0) return { sent: 0 };
  await store.query(`UPDATE hub_enrolments SET tries = tries + 1 WHERE id = ANY($1::bigint[])`, [
    rows.map((r) => r.id),
  ]);
  const answer = await postHubEnrolments(
    client,
    rows.map((r) => ({
      code: r.code,
      tokenHash: r.token_hash,
      deviceId: r.device_id,
      redeemedAt: iso(r.redeemed_at),
      sessionExpiresAt: iso(r.session_expires_at),
      ...(r.public_key !== null ? { publicKey: r.public_key } : {}),
    })),
  );
  await store.transaction(async (tx) => {
    for (const result of answer.results) {
      const row = rows[result.index];
      if (!row) continue;
      const keyCode = result.key
        ? result.key.status === 'registered'
          ? 'registered'
          : (result.key.code ?? 'refused')
        : null;
      await tx.query(
        `UPDATE hub_enrolments SET forwarded_at = now(), code = NULL, upstream_status = $2, upstream_code = $3,
                upstream_key_code = $4
          WHERE id = $1`,
        [row.id, result.status, result.code ?? null, keyCode],
      );
      if (result.status === 'refused') {
        await tx.query(`DELETE FROM sessions WHERE token_hash = $1`, [row.token_hash]);
      }
      if (row.public_key !== null && keyCode !== 'registered') {
        // Not registered upstream: bundles it signs would be refused there, so the hub stops holding
        // them (the phone then keeps its items for home, where it registers a key of its own).
        await tx.query(`DELETE FROM device_keys WHERE device_id = $1 AND learner_id = $2 AND public_key = $3`, [
          row.device_id,
          row.user_id,
          row.public_key,
        ]);
      }
    }
  });
  return { sent: rows.length };
}
