import type { SyncedDevice } from '../../shared/monitoring/learner-list';
import type { Queryable } from '../store/store';

interface SyncedRow {
  device_id: string;
  learner_id: string;
  username: string;
  name: string;
  desa_code: string;
  desa_name: string | null;
  last_sync_at: Date | string;
  app_version: string | null;
}

/**
 * Phones (per device and learner) of a region whose last sync the server received at or after
 * `since`, newest first: the operator's "hari sinkron" list of who synced at the office today.
 * Disabled learners are left out, as in every report.
 */
export async function listSyncedDevices(db: Queryable, regionCode: string, since: Date): Promise<SyncedDevice[]> {
  const { rows } = await db.query<SyncedRow>(
    `SELECT d.id::text AS device_id, u.id::text AS learner_id, u.username, u.name, u.desa_code,
            r.name AS desa_name, d.last_sync_at,
            (SELECT k.app_version FROM device_keys k WHERE k.device_id = d.id AND k.learner_id = u.id
              ORDER BY k.registered_at DESC LIMIT 1) AS app_version
       FROM users u
       JOIN devices d ON d.user_id = u.id
       LEFT JOIN regions r ON r.code = u.desa_code
      WHERE u.role = 'learner' AND u.disabled_at IS NULL AND (u.desa_code = $1 OR u.desa_code LIKE $1 || '.%')
        AND d.last_sync_at >= $2
      ORDER BY d.last_sync_at DESC
      LIMIT 2000`,
    [regionCode, since],
  );
  return rows.map((r) => ({
    deviceId: r.device_id,
    learnerId: r.learner_id,
    username: r.username,
    name: r.name,
    desaCode: r.desa_code,
    desaName: r.desa_name,
    lastSyncAt: new Date(r.last_sync_at).toISOString(),
    appVersion: r.app_version,
  }));
}
