import type { SilentLearner, SilentVillage } from '../../shared/monitoring/region-report';
import type { Queryable } from '../store/store';

/** More rows than a screen or a spreadsheet needs; the response says when it cut. */
export const SILENT_LIMIT = 2000;

const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString());

/**
 * Desa in `regionCode` with at least one enrolled learner who has not synced for `days` days or
 * more, or never: the blank spots whose data is late. A desa where one learner synced yesterday
 * and three never did is listed (3 of 4 silent), not reported as synced. Ordered by the desa's
 * latest sync, never-synced first; for a desa region also its silent learners one by one.
 * Last sync is read per learner (devices holds one row per learner and device).
 * @example await silentVillages(db, '34.02', 14)
 */
export async function silentVillages(
  db: Queryable,
  regionCode: string,
  days: number,
): Promise<{ villages: SilentVillage[]; learners: SilentLearner[]; truncated: boolean }> {
  const { rows } = await db.query<{
    code: string;
    name: string;
    kecamatan: string | null;
    learners: number;
    silent_learners: number;
    never_synced: number;
    last_sync_at: Date | string | null;
    days_silent: number | null;
  }>(
    `WITH per_learner AS (
       SELECT u.desa_code, (SELECT max(d.last_sync_at) FROM devices d WHERE d.user_id = u.id) AS last_sync
       FROM users u
       WHERE u.role = 'learner' AND u.disabled_at IS NULL AND (u.desa_code = $1 OR u.desa_code LIKE $1 || '.%')
     ),
     per_desa AS (
       SELECT desa_code, count(*)::int AS learners,
         (count(*) FILTER (WHERE last_sync IS NULL OR last_sync <= now() - make_interval(days => $2)))::int
           AS silent_learners,
         (count(*) FILTER (WHERE last_sync IS NULL))::int AS never_synced,
         max(last_sync) AS last_sync_at
       FROM per_learner
       GROUP BY desa_code
     )
     SELECT r.code, r.name, k.name AS kecamatan, p.learners, p.silent_learners, p.never_synced, p.last_sync_at,
       floor(extract(epoch FROM now() - p.last_sync_at) / 86400)::int AS days_silent
     FROM per_desa p
     JOIN regions r ON r.code = p.desa_code
     LEFT JOIN regions k ON k.code = r.parent_code
     WHERE p.silent_learners > 0
     ORDER BY p.last_sync_at NULLS FIRST, r.code
     LIMIT $3`,
    [regionCode, days, SILENT_LIMIT + 1],
  );
  const villages = rows.slice(0, SILENT_LIMIT).map((r) => ({
    code: r.code,
    name: r.name,
    kecamatan: r.kecamatan,
    learners: r.learners,
    silentLearners: r.silent_learners,
    neverSynced: r.never_synced,
    lastSyncAt: iso(r.last_sync_at),
    daysSilent: r.days_silent,
  }));
  return {
    villages,
    learners: await silentLearnersOfDesa(db, regionCode, days),
    truncated: rows.length > SILENT_LIMIT,
  };
}

/** The silent learners of one desa (none for a larger region: a desa code has four parts). */
async function silentLearnersOfDesa(db: Queryable, regionCode: string, days: number): Promise<SilentLearner[]> {
  if (regionCode.split('.').length < 4) return [];
  const { rows } = await db.query<{
    id: string;
    username: string;
    name: string;
    last_sync_at: Date | string | null;
    days_silent: number | null;
  }>(
    `SELECT id, username, name, last_sync_at,
       floor(extract(epoch FROM now() - last_sync_at) / 86400)::int AS days_silent
     FROM (
       SELECT u.id::text AS id, u.username, u.name,
         (SELECT max(d.last_sync_at) FROM devices d WHERE d.user_id = u.id) AS last_sync_at
       FROM users u
       WHERE u.role = 'learner' AND u.disabled_at IS NULL AND u.desa_code = $1
     ) l
     WHERE last_sync_at IS NULL OR last_sync_at <= now() - make_interval(days => $2)
     ORDER BY last_sync_at NULLS FIRST, name, username
     LIMIT $3`,
    [regionCode, days, SILENT_LIMIT],
  );
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    name: r.name,
    lastSyncAt: iso(r.last_sync_at),
    daysSilent: r.days_silent,
  }));
}
