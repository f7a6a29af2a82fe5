import { MAX_LISTED_LEARNERS, type RegionLearnersResponse } from '../../shared/monitoring/learner-list';
import type { Store } from '../store/store';
import { EMPTY_FIGURES, reportFigures } from './report-figures';

interface LearnerIdentityRow {
  id: string;
  username: string;
  name: string;
  jabatan: string | null;
  desa_code: string;
  desa_name: string | null;
  created_at: Date | string;
  activated_at: Date | string | null;
  devices: number;
}

const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString());

/**
 * The enrolled learners of a region with their state: who they are, whether a phone has signed in
 * as them yet, and their report figures (the same definitions as the report, per learner).
 */
export function listRegionLearners(store: Store, regionCode: string): Promise<RegionLearnersResponse> {
  return store.transaction(async (tx) => {
    if (store.kind === 'postgres') await tx.query('SET LOCAL jit = off');
    const { rows } = await tx.query<LearnerIdentityRow>(
      `SELECT u.id::text AS id, u.username, u.name, u.jabatan, u.desa_code, r.name AS desa_name, u.created_at,
              -- Activated: a redeemed enrolment code, or else the first sign-in that named a device.
              coalesce(
                (SELECT min(e.used_at) FROM enrolment_codes e WHERE e.user_id = u.id),
                (SELECT min(s.created_at) FROM sessions s WHERE s.user_id = u.id AND s.device_id IS NOT NULL)
              ) AS activated_at,
              (SELECT count(*)::int FROM devices d WHERE d.user_id = u.id) AS devices
         FROM users u LEFT JOIN regions r ON r.code = u.desa_code
        WHERE u.role = 'learner' AND u.disabled_at IS NULL AND (u.desa_code = $1 OR u.desa_code LIKE $1 || '.%')
        ORDER BY u.desa_code, u.name, u.username
        LIMIT $2`,
      [regionCode, MAX_LISTED_LEARNERS + 1],
    );
    const figures = await reportFigures(tx, regionCode, { by: 'learner' });
    return {
      learners: rows.slice(0, MAX_LISTED_LEARNERS).map((r) => ({
        id: r.id,
        username: r.username,
        name: r.name,
        jabatan: r.jabatan,
        desaCode: r.desa_code,
        desaName: r.desa_name,
        enrolledAt: iso(r.created_at)!,
        activatedAt: iso(r.activated_at),
        devices: r.devices,
        figures: figures.get(r.id) ?? EMPTY_FIGURES,
      })),
      truncated: rows.length > MAX_LISTED_LEARNERS,
    };
  });
}
