import type { LearnerRow, RegionReport } from '../../shared/monitoring/region-report';
import type { Region } from '../regions/search-regions';
import type { Queryable, Store } from '../store/store';
import { EMPTY_FIGURES, reportFigures } from './report-figures';

const REGION_COLUMNS = `code, parent_code AS "parentCode", level::int AS level, name`;

/** The provinsi, kabupaten and kecamatan above `code`, top first. */
async function ancestorsOf(db: Queryable, code: string): Promise<Region[]> {
  const parts = code.split('.');
  const prefixes = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
  if (prefixes.length === 0) return [];
  const { rows } = await db.query<Region>(
    `SELECT ${REGION_COLUMNS} FROM regions WHERE code IN (SELECT json_array_elements_text($1::text::json)) ORDER BY level`,
    [JSON.stringify(prefixes)],
  );
  return rows;
}

/**
 * The drill-down report of one region: its totals, then every region one level down with the
 * same figures — or, for a desa, each of its learners.
 * @example const report = await regionReport(store, await findRegion(store, '34.02'))
 */
export function regionReport(store: Store, region: Region): Promise<RegionReport> {
  return store.transaction(async (tx) => {
    // The report query's cost estimate crosses PostgreSQL's JIT thresholds, and compiling it takes
    // ~600 ms of a ~650 ms answer on the seed:large kabupaten; run plainly it takes ~40 ms.
    if (store.kind === 'postgres') await tx.query('SET LOCAL jit = off');
    return buildReport(tx, region);
  });
}

async function buildReport(db: Queryable, region: Region): Promise<RegionReport> {
  const ancestors = await ancestorsOf(db, region.code);
  if (region.level >= 4) {
    const figures = await reportFigures(db, region.code, { by: 'learner' });
    const { rows } = await db.query<{ id: string; username: string; name: string; jabatan: string | null }>(
      `SELECT id::text AS id, username, name, jabatan FROM users
       WHERE role = 'learner' AND disabled_at IS NULL AND desa_code = $1 ORDER BY name, username`,
      [region.code],
    );
    const learners: LearnerRow[] = rows.map((u) => ({ ...u, ...(figures.get(u.id) ?? EMPTY_FIGURES) }));
    return {
      region,
      ancestors,
      totals: figures.get('') ?? EMPTY_FIGURES,
      children: [],
      learners,
      generatedAt: new Date().toISOString(),
    };
  }
  const figures = await reportFigures(db, region.code, { by: 'child', childLevel: region.level + 1 });
  const { rows } = await db.query<Region>(
    `SELECT ${REGION_COLUMNS} FROM regions WHERE parent_code = $1 ORDER BY code`,
    [region.code],
  );
  return {
    region,
    ancestors,
    totals: figures.get('') ?? EMPTY_FIGURES,
    children: rows.map((child) => ({ ...child, ...(figures.get(child.code) ?? EMPTY_FIGURES) })),
    learners: [],
    generatedAt: new Date().toISOString(),
  };
}
