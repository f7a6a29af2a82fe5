import type { Queryable } from '../store/store';
import { getServerEpoch } from '../sync/get-server-epoch';
import type { HubIdentity } from './hub-credentials';
import type { HubMirror } from './hub-protocol';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * The national side of the mirror: the hub's kecamatan's learners, their live token hashes, device
 * keys and recent enrolment codes (hashes).
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
  const codes = await db.query<{ code_hash: string; user_id: string; expires_at: Date; used: boolean }>(
    `SELECT code_hash, user_id::text AS user_id, expires_at, used_at IS NOT NULL AS used FROM enrolment_codes
      WHERE user_id = ANY($1::uuid[]) AND expires_at > now() - interval '7 days'`,
    [ids],
  );
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
    enrolmentCodes: codes.rows.map((r) => ({
      codeHash: r.code_hash,
      userId: r.user_id,
      expiresAt: iso(r.expires_at)!,
      used: r.used,
    })),
  };
}
