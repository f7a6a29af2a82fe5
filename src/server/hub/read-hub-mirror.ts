import type { Queryable } from '../store/store';
import { getServerEpoch } from '../sync/get-server-epoch';
import { hubCodeHash } from './hub-code-hash';
import type { HubIdentity } from './hub-credentials';
import type { HubMirror } from './hub-protocol';

/** How long one mirror request may spend hashing new codes for the hub (`hubCodeHash`). */
const HASH_BUDGET_MS = 10_000;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * The national side of the mirror: the hub's kecamatan's learners, their live token hashes, device
 * keys and recent enrolment codes (as slow per-hub hashes, `hubCodeHash`).
 */
export async function readHubMirror(db: Queryable, hub: HubIdentity): Promise<HubMirror> {
  // `LIKE 'kec.%'` on desa codes: text_pattern_ops index users_desa_code_idx.
  const prefix = `${hub.kecamatanCode.replace(/[\\%_]/g, (m) => `\\${m}`)}.%`;
  const learners = await db.query<{
    id: string;
    username: string;
    name: string;
    desa_code: string | null;
    disabled: boolean;
  }>(
    `SELECT id::text AS id, username, name, desa_code, disabled_at IS NOT NULL AS disabled
       FROM users WHERE role = 'learner' AND desa_code LIKE $1 ORDER BY id`,
    [prefix],
  );
  const ids = learners.rows.map((r) => r.id);
  const sessions = await db.query<{ token_hash: string; user_id: string; device_id: string | null; expires_at: Date }>(
    `SELECT token_hash, user_id::text AS user_id, device_id::text AS device_id, expires_at FROM sessions
      WHERE user_id = ANY($1::uuid[]) AND revoked_at IS NULL AND expires_at > now()`,
    [ids],
  );
  const keys = await db.query<{
    device_id: string;
    learner_id: string;
    public_key: string | null;
    registered_at: Date;
    replaced_at: Date | null;
    revoked_at: Date | null;
  }>(
    `SELECT device_id::text AS device_id, learner_id::text AS learner_id, public_key, registered_at, replaced_at, revoked_at
       FROM device_keys WHERE learner_id = ANY($1::uuid[]) ORDER BY id`,
    [ids],
  );
  // Ended within the week: old enough codes are simply unknown at the hub, as their learners forgot them.
  const codes = await db.query<{
    code_hash: string;
    hub_hash: string | null;
    user_id: string;
    expires_at: Date;
    used: boolean;
  }>(
    `SELECT ec.code_hash, hc.hub_hash, ec.user_id::text AS user_id, ec.expires_at, ec.used_at IS NOT NULL AS used
       FROM enrolment_codes ec LEFT JOIN hub_code_hashes hc ON hc.hub_id = $2 AND hc.code_hash = ec.code_hash
      WHERE ec.user_id = ANY($1::uuid[]) AND ec.expires_at > now() - interval '7 days'`,
    [ids, hub.id],
  );
  // Never the national hash itself: each code as the slow per-hub hash, made once per code and hub.
  // Thousands of new codes at once (a printed sheet) are spread over a few mirrors: within the budget,
  // the rest next time (five minutes), so the request stays far below the hub's timeout.
  const deadline = Date.now() + HASH_BUDGET_MS;
  for (const row of codes.rows) {
    if (row.hub_hash !== null || Date.now() > deadline) continue;
    row.hub_hash = await hubCodeHash(row.code_hash, hub.id);
    await db.query(
      `INSERT INTO hub_code_hashes (hub_id, code_hash, hub_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [hub.id, row.code_hash, row.hub_hash],
    );
  }
  return {
    serverEpoch: await getServerEpoch(db),
    learners: learners.rows.map((r) => ({
      id: r.id,
      username: r.username,
      name: r.name,
      desaCode: r.desa_code,
      disabled: r.disabled,
    })),
    sessions: sessions.rows.map((r) => ({
      tokenHash: r.token_hash,
      userId: r.user_id,
      deviceId: r.device_id,
      expiresAt: iso(r.expires_at)!,
    })),
    deviceKeys: keys.rows.map((r) => ({
      deviceId: r.device_id,
      learnerId: r.learner_id,
      publicKey: r.public_key,
      registeredAt: iso(r.registered_at)!,
      replacedAt: iso(r.replaced_at),
      revokedAt: iso(r.revoked_at),
    })),
    enrolmentCodes: codes.rows.flatMap((r) =>
      r.hub_hash === null
        ? []
        : [
            {
              codeHash: r.hub_hash,
              userId: r.user_id,
              expiresAt: iso(r.expires_at)!,
              used: r.used,
            },
          ],
    ),
  };
}
