// report_query_ms: the kabupaten report (benchReportQuery, bench/report-query.ts) on PostgreSQL, on a
// data set generated into a schema of its own that is dropped afterwards.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { SEED_LARGE_DEFAULTS, seedLarge, type SeedLargeOptions } from '../src/server/seed/seed-large';
import { openStore } from '../src/server/store/open-store';
import { BENCH_DATABASE_URL, dropSchema } from './bench-store';
import { benchReportQuery, type ReportBenchResult } from './report-query';

const run = promisify(execFile);

/** A tenth of seed:large, for --quick: same shape, one kabupaten has ~a tenth of the learners. */
export const QUICK_SEED: SeedLargeOptions = {
  learners: 8_000,
  villages: 4_000,
  attempts: 200_000,
  lessonsPerLearner: 6,
};

/**
 * Full: runs `npm run seed:large` once (the real script, full size); quick: seedLarge with QUICK_SEED.
 * Either way the schema is dropped at the end.
 */
export async function benchReport(
  full: boolean,
): Promise<ReportBenchResult & { seed: SeedLargeOptions; seedMs: number }> {
  const schema = `lentera_bench_report_${randomBytes(4).toString('hex')}`;
  const seed = full ? SEED_LARGE_DEFAULTS : QUICK_SEED;
  const start = performance.now();
  try {
    if (full) {
      await run('npm', ['run', 'seed:large'], {
        env: { ...process.env, DATABASE_URL: BENCH_DATABASE_URL, LENTERA_SCHEMA: schema },
        maxBuffer: 16 * 1024 * 1024,
      });
    } else {
      const store = await openStore({ databaseUrl: BENCH_DATABASE_URL, schema });
      try {
        await seedLarge(store, seed);
      } finally {
        await store.close();
      }
    }
    const seedMs = Math.round(performance.now() - start);
    return { ...(await benchReportQuery({ databaseUrl: BENCH_DATABASE_URL, schema, runs: 5 })), seed, seedMs };
  } finally {
    await dropSchema(undefined, schema);
  }
}
