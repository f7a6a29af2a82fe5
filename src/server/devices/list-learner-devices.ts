import type { DeviceKeyState, LearnerDevice } from '../../shared/sync/bundle-protocol';
import type { Queryable } from '../store/store';

const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString());

/** Every device a learner synced from, registered a key on or signed in on, newest sync first. */
export async function listLearnerDevices(db: Queryable, learnerId: string): Promise<LearnerDevice[]> {
  const { rows } = await db.query<{
    device_id: string;
    last_sync_at: Date | string | null;
    app_version: string | null;
    key_registered_at: Date | string | null;
    live: boolean;
    revoked_at: Date | string | null;
    revoke_reason: string | null;
  }>(
    `WITH ids AS (
       SELECT id AS device_id FROM devices WHERE user_id = $1
       UNION SELECT device_id FROM device_keys WHERE learner_id = $1
       UNION SELECT device_id FROM sessions WHERE user_id = $1 AND device_id IS NOT NULL)
     SELECT ids.device_id::text AS device_id, d.last_sync_at,
            COALESCE(k.app_version, r.app_version) AS app_version,
            COALESCE(k.registered_at, CASE WHEN r.public_key IS NOT NULL THEN r.registered_at END) AS key_registered_at,
            k.id IS NOT NULL AS live, r.revoked_at, r.revoke_reason
       FROM ids
       LEFT JOIN devices d ON d.id = ids.device_id AND d.user_id = $1
       LEFT JOIN device_keys k ON k.device_id = ids.device_id AND k.learner_id = $1
                               AND k.revoked_at IS NULL AND k.replaced_at IS NULL
       LEFT JOIN LATERAL (
         SELECT * FROM device_keys x WHERE x.device_id = ids.device_id AND x.learner_id = $1 AND x.revoked_at IS NOT NULL
          ORDER BY x.revoked_at DESC LIMIT 1) r ON true
      ORDER BY d.last_sync_at DESC NULLS LAST, ids.device_id`,
    [learnerId],
  );
  return rows.map((r) => {
    const keyState: DeviceKeyState = r.live ? 'active' : r.revoked_at !== null ? 'revoked' : 'none';
    return {
      deviceId: r.device_id,
      lastSyncAt: iso(r.last_sync_at),
      appVersion: r.app_version,
      keyState,
      keyRegisteredAt: iso(r.key_registered_at),
      revokedAt: keyState === 'revoked' ? iso(r.revoked_at) : null,
      revokeReason: keyState === 'revoked' ? r.revoke_reason : null,
    };
  });
}
