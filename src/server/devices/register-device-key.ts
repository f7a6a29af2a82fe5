import { fromBase64 } from '../../shared/course/bytes';
import { hashToken } from '../auth/token';
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
 * false). A different key while one is live is taken only with a session opened after that key was
 * registered — a new sign-in on the phone, which lost its key with its storage — and the old key is
 * then `replaced` (bundles it signed still verify: a file may be on its way). Otherwise 409
 * device_key_exists: a token copied off the phone cannot swap the key. A revoked key is never taken
 * again (403 device_revoked); the phone makes a new one.
 */
export async function registerDeviceKey(
  store: Store,
  input: { deviceId: string; learnerId: string; publicKey: string; appVersion?: string | undefined; token: string },
): Promise<{ created: boolean; registeredAt: string }> {
  if (!(await isP256PublicKey(input.publicKey))) {
    throw new ApiProblem(400, 'invalid_public_key', 'publicKey is not an ECDSA P-256 SPKI key in base64');
  }
  return store.transaction(async (tx) => {
    // One registration at a time per device and learner: two tabs racing get one key.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 1))`, [`${input.deviceId}:${input.learnerId}`]);
    const { rows } = await tx.query<{
      id: string;
      public_key: string | null;
      registered_at: Date | string;
      newer_session: boolean;
    }>(
      `SELECT k.id::text AS id, k.public_key, k.registered_at,
              EXISTS (SELECT 1 FROM sessions s WHERE s.token_hash = $3 AND s.created_at > k.registered_at) AS newer_session
         FROM device_keys k
        WHERE k.device_id = $1 AND k.learner_id = $2 AND k.revoked_at IS NULL AND k.replaced_at IS NULL`,
      [input.deviceId, input.learnerId, hashToken(input.token)],
    );
    const live = rows[0];
    if (live?.public_key === input.publicKey) {
      await tx.query(`UPDATE device_keys SET app_version = COALESCE($2, app_version) WHERE id = $1`, [
        live.id,
        input.appVersion ?? null,
      ]);
      return { created: false, registeredAt: new Date(live.registered_at).toISOString() };
    }
    // A revoked key stays dead: the phone that still holds it (it cannot know) makes a new one.
    const known = await tx.query<{ revoked: boolean }>(
      `SELECT revoked_at IS NOT NULL AS revoked FROM device_keys WHERE device_id = $1 AND learner_id = $2 AND public_key = $3`,
      [input.deviceId, input.learnerId, input.publicKey],
    );
    if (known.rows.some((r) => r.revoked)) {
      throw new ApiProblem(403, 'device_revoked', 'This key was revoked; make a new one');
    }
    if (known.rows.length > 0) throw new ApiProblem(409, 'device_key_exists', 'This key was replaced by a newer one');
    if (live) {
      if (!live.newer_session) {
        throw new ApiProblem(
          409,
          'device_key_exists',
          'This device already has another key; sign in again to replace it',
        );
      }
      await tx.query(`UPDATE device_keys SET replaced_at = now() WHERE id = $1`, [live.id]);
    }
    const inserted = await tx.query<{ registered_at: Date | string }>(
      `INSERT INTO device_keys (device_id, learner_id, public_key, app_version) VALUES ($1, $2, $3, $4)
       RETURNING registered_at`,
      [input.deviceId, input.learnerId, input.publicKey, input.appVersion ?? null],
    );
    return { created: true, registeredAt: new Date(inserted.rows[0]!.registered_at).toISOString() };
  });
}
