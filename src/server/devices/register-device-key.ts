import { fromBase64 } from '../../shared/course/bytes';
import { ApiProblem } from '../http/api-problem';
import type { Store } from '../store/store';

/** Whether `spki` is an ECDSA P-256 public key WebCrypto can verify with. */
export async function isP256PublicKey(spki: string): Promise<boolean> {
  try {
    await crypto.subtle.importKey('spki', fromBase64(spki), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Registers the phone's public key for (device, learner). The same key again is a retry (created:
 * false); a different key while one is live is refused (409 device_key_exists) — a second key would
 * let whoever holds a copied token sign for the phone. A revoked key no longer counts, so a phone
 * that is signed in again after a revocation registers a fresh key.
 */
export async function registerDeviceKey(
  store: Store,
  input: { deviceId: string; learnerId: string; publicKey: string; appVersion?: string | undefined },
): Promise<{ created: boolean; registeredAt: string }> {
  if (!(await isP256PublicKey(input.publicKey))) {
    throw new ApiProblem(400, 'invalid_public_key', 'publicKey is not an ECDSA P-256 SPKI key in base64');
  }
  return store.transaction(async (tx) => {
    // One registration at a time per device and learner: two tabs racing get one key.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 1))`, [`${input.deviceId}:${input.learnerId}`]);
    const { rows } = await tx.query<{ public_key: string | null; registered_at: Date | string }>(
      `SELECT public_key, registered_at FROM device_keys
        WHERE device_id = $1 AND learner_id = $2 AND revoked_at IS NULL`,
      [input.deviceId, input.learnerId],
    );
    const live = rows[0];
    if (live) {
      if (live.public_key !== input.publicKey) {
        throw new ApiProblem(409, 'device_key_exists', 'This device already has another key; revoke it first');
      }
      await tx.query(
        `UPDATE device_keys SET app_version = COALESCE($3, app_version)
          WHERE device_id = $1 AND learner_id = $2 AND revoked_at IS NULL`,
        [input.deviceId, input.learnerId, input.appVersion ?? null],
      );
      return { created: false, registeredAt: new Date(live.registered_at).toISOString() };
    }
    // A revoked key stays dead: the phone that still holds it (it cannot know) makes a new one.
    const revoked = await tx.query(
      `SELECT 1 FROM device_keys WHERE device_id = $1 AND learner_id = $2 AND public_key = $3`,
      [input.deviceId, input.learnerId, input.publicKey],
    );
    if (revoked.rows.length > 0) throw new ApiProblem(403, 'device_revoked', 'This key was revoked; make a new one');
    const inserted = await tx.query<{ registered_at: Date | string }>(
      `INSERT INTO device_keys (device_id, learner_id, public_key, app_version) VALUES ($1, $2, $3, $4)
       RETURNING registered_at`,
      [input.deviceId, input.learnerId, input.publicKey, input.appVersion ?? null],
    );
    return { created: true, registeredAt: new Date(inserted.rows[0]!.registered_at).toISOString() };
  });
}
