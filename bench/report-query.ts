// Benchmark: the kabupaten report (regionReport) on a PostgreSQL store filled by `npm run seed:large`.
// Run alone: DATABASE_URL=postgres://… LENTERA_SCHEMA=bench npx tsx bench/report-query.ts
import { fileURLToPath } from 'node:url';
import { findRegion } from '../src/server/regions/search-regions';
import { regionReport } from '../src/server/reports/region-report';
import { silentVillages } from '../src/server/reports/silent-villages';
import { createPostgresStore } from '../src/server/store/create-postgres-store';

export interface ReportBenchResult {
  name: string;
  region: string;
  learners: number;
  /** Median of `runs` timed runs after one warm-up, milliseconds. */
  medianMs: number;
  runsMs: number[];
  silentMedianMs: number;
  /** The same report one level up (the whole provinsi), for scale. */
  provinceMedianMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Times the report of the kabupaten with the most learners (median of 5), plus its silent villages.
 * The goal (docs/benchmarks.md): a kabupaten report answers in ≤ 1 s on PostgreSQL.
 * @example await benchReportQuery({ databaseUrl: 'postgres://127.0.0.1/test', schema: 'bench' })
 */
export async function benchReportQuery(options: {
  databaseUrl: string;
  schema?: string;
  runs?: number;
}): Promise<ReportBenchResult> {
  const store = await createPostgresStore(options.databaseUrl, options.schema ? { schema: options.schema } : {});
  try {
    const top = await store.query<{ code: string; n: number }>(
      `SELECT left(desa_code, 5) AS code, count(*)::int AS n FROM users WHERE role = 'learner'
       GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    );
    if (!top.rows[0]) throw new Error('No learners: run `npm run seed:large` against this database first');
    const region = (await findRegion(store, top.rows[0].code))!;
    const time = async (fn: () => Promise<unknown>) => {
      await fn(); // warm-up: plan cache and buffers, as on a server that has been running
      const runs: number[] = [];
      for (let i = 0; i < (options.runs ?? 5); i++) {
        const start = performance.now();
        await fn();
        runs.push(Math.round(performance.now() - start));
      }
      return runs;
    };
    const runsMs = await time(() => regionReport(store, region));
    const silent = await time(() => silentVillages(store, region.code, 14));
    const province = (await findRegion(store, region.parentCode!))!;
    const provinceRuns = await time(() => regionReport(store, province));
    return {
      name: 'kabupaten report (regionReport)',
      region: `${region.code} ${region.name}`,
      learners: top.rows[0].n,
      medianMs: median(runsMs),
      runsMs,
      silentMedianMs: median(silent),
      provinceMedianMs: median(provinceRuns),
    };
  } finally {
    await store.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('Set DATABASE_URL (and LENTERA_SCHEMA if seeded into a schema)');
  console.log(JSON.stringify(await benchReportQuery({ databaseUrl, schema: process.env.LENTERA_SCHEMA || undefined })));
}
