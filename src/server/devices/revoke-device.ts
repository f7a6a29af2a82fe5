import { recordAudit } from '../audit/record-audit';
import { ApiProblem } from '../http/api-problem';
import { isWithin } from '../regions/region-scope';
import type { Store } from '../store/store';

/**
 * Revokes a device for every learner on it inside `scope` (`''`: all): their keys (live and replaced), or a
 * keyless revocation row for an app from before keys, and their device tokens on it. From then on
 * the device's bundles are refused (`device_revoked`) however they travel, and the phone must be
 * signed in again, which registers a new key. 404 unknown_device when no learner in scope used it.
 */
export async function revokeDevice(
  store: Store,
  input: { deviceId: string; scope: string; reason: string; actorId: string },
): Promise<{ learnerIds: string[]; revokedSessions: number }> {
  return store.transaction(async (tx) => {
    // Every learner this device ever served: synced, registered a key, or was signed in on it.
    const { rows } = await tx.query<{ id: string; desa_code: string | null }>(
      `SELECT u.id, u.desa_code FROM users u
        WHERE u.role = 'learner' AND u.id IN (
          SELECT user_id FROM devices WHERE id = $1
          UNION SELECT learner_id FROM device_keys WHERE device_id = $1
          UNION SELECT user_id FROM sessions WHERE device_id = $1)`,
      [input.deviceId],
    );
    const learners = rows.filter(
      (r) => input.scope === '' || (r.desa_code !== null && isWithin(r.desa_code, input.scope)),
    );
    if (learners.length === 0) {
      if (rows.length > 0)
        throw new ApiProblem(403, 'outside_region', 'This device belongs to learners outside your region');
      throw new ApiProblem(404, 'unknown_device', `No device ${input.deviceId}`);
    }
    const ids = learners.map((l) => l.id);
    const revokedKeys = await tx.query<{ learner_id: string }>(
      `UPDATE device_keys SET revoked_at = now(), revoke_reason = $3, revoked_by = $4
        WHERE device_id = $1 AND learner_id = ANY($2::uuid[]) AND revoked_at IS NULL RETURNING learner_id::text`,
      [input.deviceId, ids, input.reason, input.actorId],
    );
    const withKey = new Set(revokedKeys.rows.map((r) => r.learner_id));
    for (const id of ids) {
      if (withKey.has(id)) continue;
      // No live key (an app from before keys, or revoked before): a keyless row refuses unsigned pushes.
      await tx.query(
        `INSERT INTO device_keys (device_id, learner_id, public_key, revoked_at, revoke_reason, revoked_by)
         SELECT $1, $2, NULL, now(), $3, $4
          WHERE NOT EXISTS (SELECT 1 FROM device_keys WHERE device_id = $1 AND learner_id = $2)`,
        [input.deviceId, id, input.reason, input.actorId],
      );
    }
    const sessions = await tx.query<{ n: number }>(
      `WITH r AS (UPDATE sessions SET revoked_at = now()
                   WHERE device_id = $1 AND user_id = ANY($2::uuid[]) AND revoked_at IS NULL RETURNING 1)
       SELECT count(*)::int AS n FROM r`,
      [input.deviceId, ids],
    );
    for (const learner of learners) {
      await recordAudit(tx, {
        actorId: input.actorId,
        action: 'device.revoke',
        targetType: 'device',
        targetId: input.deviceId,
        regionCode: learner.desa_code,
        detail: { learnerId: learner.id, reason: input.reason },
      });
    }
    return { learnerIds: ids, revokedSessions: sessions.rows[0]?.n ?? 0 };
  });
}
