// `npm run seed:large`: 80,000 learners in 40,000 desa with 2 million attempts, on PostgreSQL only
// (PGlite is single-threaded WebAssembly; this size is what production PostgreSQL is for).
// DATABASE_URL=postgres://… [LENTERA_SCHEMA=bench] npm run seed:large [-- --tenth-year]
// --tenth-year: a year of attempts at a tenth of national volume with every answer stored as pushed
// (SEED_TENTH_YEAR, the data set docs/scale.md measures; a few minutes on two cores).
import { SEED_LARGE_DEFAULTS, SEED_TENTH_YEAR, seedLarge } from '../src/server/seed/seed-large';
import { openStore } from '../src/server/store/open-store';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('seed:large needs DATABASE_URL (PostgreSQL); set LENTERA_SCHEMA to keep it apart from real data');
  process.exit(2);
}
const store = await openStore({ databaseUrl: url, schema: process.env.LENTERA_SCHEMA || undefined });
try {
  const started = performance.now();
  const options = process.argv.includes('--tenth-year') ? SEED_TENTH_YEAR : SEED_LARGE_DEFAULTS;
  const timings = await seedLarge(store, options);
  const counts = await store.query<{ learners: number; attempts: number; progress: number; sync_items: number }>(
    `SELECT (SELECT count(*)::int FROM users WHERE role = 'learner') AS learners,
            (SELECT count(*)::int FROM attempts) AS attempts,
            (SELECT count(*)::int FROM lesson_progress) AS progress,
            (SELECT count(*)::int FROM sync_items) AS sync_items`,
  );
  console.log(JSON.stringify({ ms: Math.round(performance.now() - started), timings, ...counts.rows[0] }));
} finally {
  await store.close();
}
