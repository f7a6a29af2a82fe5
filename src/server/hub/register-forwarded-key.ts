import { isP256PublicKey } from '../devices/register-device-key';
import type { Queryable } from '../store/store';
import type { HubEnrolmentKeyResult } from './hub-protocol';

/**
 * The national side of a device key a phone handed to a hub with its enrolment code (docs/hub.md):
 * registered in the transaction that opens the hub's session, under the rules of
 * `POST /api/devices/key` — one live key per device and learner (a new sign-in replaces an older
 * one), a revoked key never taken again — and two that only a carried key needs. A key registered
 * for anyone else (another learner, another device) is refused: an honest phone makes a key per
 * learner, so the same key twice is a copy, and whoever passes it on (the hub) proves nothing about
 * it. A device revoked here after the hub redeemed the code is refused too: the revocation was
 * meant to end what that phone held. Sent again (a lost answer), the same key is `registered` again.
 */
export async function registerForwardedKey(
  tx: Queryable,
  input: { deviceId: string | null; learnerId: string; publicKey: string; redeemedAt: Date },
): Promise<HubEnrolmentKeyResult> {
  const refused = (code: string, message: string): HubEnrolmentKeyResult => ({ status: 'refused', code, message });
  if (input.deviceId === null) return refused('invalid_request', 'A device key needs the device it was made on');
  if (!(await isP256PublicKey(input.publicKey))) {
    return refused('invalid_public_key', 'publicKey is not an ECDSA P-256 SPKI key in base64');
  }
  // The same lock as registerDeviceKey: a direct registration racing this one gets one key.
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 1))`, [`${input.deviceId}:${input.learnerId}`]);
  const { rows } = await tx.query<{
    device_id: string;
    learner_id: string;
    revoked: boolean;
    replaced: boolean;
  }>(
    `SELECT device_id::text AS device_id, learner_id::text AS learner_id,
            revoked_at IS NOT NULL AS revoked, replaced_at IS NOT NULL AS replaced
       FROM device_keys WHERE public_key = $1`,
    [input.publicKey],
  );
  if (rows.some((r) => r.device_id !== input.deviceId || r.learner_id !== input.learnerId)) {
    return refused('device_key_exists', 'This key is registered for another learner or device');
  }
  const same = rows[0];
  if (same?.revoked) return refused('device_revoked', 'This key was revoked');
  if (same?.replaced) return refused('device_key_exists', 'This key was replaced by a newer one');
  if (same) return { status: 'registered' };
  const pair = await tx.query<{ id: string; live: boolean; revoked_after: boolean; newer: boolean }>(
    `SELECT id::text AS id, (revoked_at IS NULL AND replaced_at IS NULL) AS live,
            COALESCE(revoked_at > $3, false) AS revoked_after, registered_at > $3 AS newer
       FROM device_keys WHERE device_id = $1 AND learner_id = $2`,
    [input.deviceId, input.learnerId, input.redeemedAt.toISOString()],
  );
  if (pair.rows.some((r) => r.revoked_after)) {
    return refused('device_revoked', 'This device was revoked after the enrolment at the office');
  }
  const live = pair.rows.find((r) => r.live);
  // Registered after the office sign-in (at home, with a newer session): that key stays.
  if (live?.newer) return refused('device_key_exists', 'This device registered a newer key since');
  if (live) await tx.query(`UPDATE device_keys SET replaced_at = now() WHERE id = $1`, [live.id]);
  await tx.query(`INSERT INTO device_keys (device_id, learner_id, public_key) VALUES ($1, $2, $3)`, [
    input.deviceId,
    input.learnerId,
    input.publicKey,
  ]);
  return { status: 'registered' };
}
