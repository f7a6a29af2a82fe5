import type { Queryable, Store } from '../store/store';
import type { HubMirror } from './hub-protocol';

/**
 * The hub side of the mirror: replaces, in one transaction, the hub's copy of its learners (no
 * password: they cannot sign in with one here), their sessions (token hashes) and device keys, so
 * the hub's unchanged `requireAuth` and `verifyBundleSignature` check phones as the national server
 * would have at the time of the snapshot, and its enrolment codes (hashes) for enrolment at the office. A learner gone from the snapshot (moved away, deleted) is
 * disabled here and loses its sessions. The upstream's server epoch becomes the hub's, so a phone
 * moving between the hub and the national server sees one server.
 */
export async function applyHubMirror(store: Store, mirror: HubMirror): Promise<void> {
  await store.transaction(async (tx) => {
    const ids = mirror.learners.map((l) => l.id);
    for (const l of mirror.learners) {
      await tx.query(
        `INSERT INTO users (id, username, name, role, desa_code, disabled_at)
         VALUES ($1, $2, $3, 'learner', $4, CASE WHEN $5::boolean THEN now() END)
         ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, name = EXCLUDED.name,
           desa_code = EXCLUDED.desa_code,
           disabled_at = CASE WHEN $5::boolean THEN COALESCE(users.disabled_at, now()) END`,
        [l.id, l.username, l.name, l.desaCode, l.disabled],
      );
    }
    await tx.query(
      `UPDATE users SET disabled_at = COALESCE(disabled_at, now()) WHERE role = 'learner' AND NOT (id = ANY($1::uuid[]))`,
      [ids],
    );
    // Sessions opened here by an enrolment the national server has not answered yet stay: the
    // snapshot cannot know them (a later snapshot has them once forwarded).
    await tx.query(
      `DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE role = 'learner')
         AND token_hash NOT IN (SELECT token_hash FROM hub_enrolments WHERE forwarded_at IS NULL)`,
    );
    for (const s of mirror.sessions) {
      await tx.query(
        `INSERT INTO sessions (token_hash, user_id, device_id, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (token_hash) DO NOTHING`,
        [s.tokenHash, s.userId, s.deviceId, s.expiresAt],
      );
    }
    if (mirror.enrolmentCodes) await applyEnrolmentCodes(tx, mirror.enrolmentCodes);
    await tx.query(`DELETE FROM device_keys`);
    for (const k of mirror.deviceKeys) {
      await tx.query(
        `INSERT INTO device_keys (device_id, learner_id, public_key, registered_at, replaced_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [k.deviceId, k.learnerId, k.publicKey, k.registeredAt, k.replacedAt, k.revokedAt],
      );
    }
    await keepPendingKeys(tx);
    await tx.query(
      `INSERT INTO meta (key, value) VALUES ('server_epoch', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [mirror.serverEpoch],
    );
    await tx.query(
      `INSERT INTO meta (key, value) VALUES ('hub_mirrored_at', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [new Date().toISOString()],
    );
  });
}

/**
 * The mirrored codes replace the hub's, except what the hub knows better: a code it redeemed itself
 * stays used (the national server hears of it only when forwarded), and one whose redemption is
 * still waiting is never dropped. A code the national server no longer lists (a month old) goes.
 */
async function applyEnrolmentCodes(tx: Queryable, codes: NonNullable<HubMirror['enrolmentCodes']>): Promise<void> {
  await tx.query(
    `DELETE FROM enrolment_codes
      WHERE code_hash NOT IN (SELECT r.code_hash FROM jsonb_to_recordset($1::text::jsonb) AS r(code_hash text))
        AND code_hash NOT IN (SELECT code_hash FROM hub_enrolments WHERE forwarded_at IS NULL)`,
    [JSON.stringify(codes.map((c) => ({ code_hash: c.codeHash })))],
  );
  await tx.query(
    `INSERT INTO enrolment_codes (code_hash, user_id, expires_at, used_at)
     SELECT r.code_hash, r.user_id, r.expires_at, CASE WHEN r.used THEN now() END
       FROM jsonb_to_recordset($1::text::jsonb) AS r(code_hash text, user_id uuid, expires_at timestamptz, used boolean)
     ON CONFLICT (code_hash) DO UPDATE SET expires_at = EXCLUDED.expires_at,
       used_at = COALESCE(enrolment_codes.used_at, EXCLUDED.used_at)`,
    [
      JSON.stringify(
        codes.map((c) => ({ code_hash: c.codeHash, user_id: c.userId, expires_at: c.expiresAt, used: c.used })),
      ),
    ],
  );
}

/**
 * Keys phones handed over with an enrolment not forwarded yet stay, as their sessions do: the
 * snapshot cannot know them, and without them the hub would stop holding those phones' bundles.
 * The newest such key of a device and learner replaces the mirrored live one (its sign-in is the
 * newer); a device revoked since that sign-in gets none back.
 */
async function keepPendingKeys(tx: Queryable): Promise<void> {
  const pending = `SELECT DISTINCT ON (device_id, user_id) device_id, user_id, public_key, redeemed_at FROM hub_enrolments
     WHERE forwarded_at IS NULL AND public_key IS NOT NULL AND device_id IS NOT NULL
     ORDER BY device_id, user_id, id DESC`;
  await tx.query(
    `UPDATE device_keys k SET replaced_at = now() FROM (${pending}) p
      WHERE k.device_id = p.device_id AND k.learner_id = p.user_id AND k.revoked_at IS NULL
        AND k.replaced_at IS NULL AND k.public_key IS DISTINCT FROM p.public_key`,
  );
  await tx.query(
    `INSERT INTO device_keys (device_id, learner_id, public_key)
     SELECT p.device_id, p.user_id, p.public_key FROM (${pending}) p
      WHERE NOT EXISTS (SELECT 1 FROM device_keys k WHERE k.device_id = p.device_id AND k.learner_id = p.user_id
                          AND (k.revoked_at > p.redeemed_at OR (k.revoked_at IS NULL AND k.replaced_at IS NULL)))`,
  );
}
