import type { SilentVillage } from '../../shared/monitoring/region-report';
import type { Queryable } from '../store/store';

/** More rows than a screen or a spreadsheet needs; the response says when it cut. */
export const SILENT_LIMIT = 2000;

/**
 * Desa in `regionCode` with enrolled learners whose devices have not synced for `days` days or
 * more (or never): the blank spots whose data is late. Oldest silence first.
 * @example await silentVillages(db, '34.02', 14)
 */
export async function silentVillages(
  db: Queryable,
  regionCode: string,
  days: number,
): Promise<{ villages: SilentVillage[]; truncated: boolean }> {
  const { rows } = await db.query<{
    code: string;
    name: string;
    kecamatan: string | null;
    learners: number;
    last_sync_at: Date | string | null;
    days_silent: number | null;
  }>(
    `WITH per_desa AS (
       SELECT u.desa_code, count(*)::int AS learners,
         max((SELECT max(d.last_sync_at) FROM devices d WHERE d.user_id = u.id)) AS last_sync_at
       FROM users u
       WHERE u.role = 'learner' AND u.disabled_at IS NULL AND (u.desa_code = $1 OR u.desa_code LIKE $1 || '.%')
       GROUP BY u.desa_code
     )
     SELECT r.code, r.name, k.name AS kecamatan, p.learners, p.last_sync_at,
       floor(extract(epoch FROM now() - p.last_sync_at) / 86400)::int AS days_silent
     FROM per_desa p
     JOIN regions r ON r.code = p.desa_code
     LEFT JOIN regions k ON k.code = r.parent_code
     WHERE p.last_sync_at IS NULL OR p.last_sync_at <= now() - make_interval(days => $2)
     ORDER BY p.last_sync_at NULLS FIRST, r.code
     LIMIT $3`,
    [regionCode, days, SILENT_LIMIT + 1],
  );
  const villages = rows.slice(0, SILENT_LIMIT).map((r) => ({
    code: r.code,
    name: r.name,
    kecamatan: r.kecamatan,
    learners: r.learners,
    lastSyncAt: r.last_sync_at === null ? null : new Date(r.last_sync_at).toISOString(),
    daysSilent: r.days_silent,
  }));
  return { villages, truncated: rows.length > SILENT_LIMIT };
}
