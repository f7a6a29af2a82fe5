// Scale figures for docs/scale.md, measured, not guessed: (1) on a year of attempts at a tenth of
// national volume (seed:large --tenth-year) the table and index sizes, the push latency and the
// report latency at that size; (2) ingest through 1, 2 and 3 real server processes on one
// PostgreSQL. The machine is shared, so every figure carries the load average it was taken under.
// `npm run bench -- --scale` runs both; `tsx bench/scale.ts [schema]` measures an already seeded schema.
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { testConfig } from '../src/server/config';
import { createApp } from '../src/server/create-app';
import { SEED_TENTH_YEAR, seedLarge } from '../src/server/seed/seed-large';
import { createPostgresStore } from '../src/server/store/create-postgres-store';
import { openStore } from '../src/server/store/open-store';
import { seedServerEpoch } from '../src/server/sync/get-server-epoch';
import type { Store } from '../src/server/store/store';
import { MAX_PUSH_ITEMS } from '../src/shared/sync/protocol';
import { startServer, type ServerHandle } from '../tests/e2e/harness/start-server';
import { serveTestApp } from '../tests/server/harness/serve-test-app';
import { learnerWithToken, seedQuizzes } from '../tests/server/sync-fixtures';
import { ITEMS_PER_ATTEMPT, batches, makeAttempts } from './attempt-items';
import { BENCH_DATABASE_URL, dropSchema } from './bench-store';
import { preparePush, sendPrepared, type PreparedPush } from './push-over-http';
import { benchReportQuery, type ReportBenchResult } from './report-query';
import { median, percentile, round } from './stats';

const load = () => round(loadavg()[0]!, 2);

export interface TableSize {
  table: string;
  rows: number;
  tableBytes: number;
  indexBytes: number;
  totalBytes: number;
}

export interface ScaleResult {
  seed: typeof SEED_TENTH_YEAR;
  seedMs?: number;
  tables: TableSize[];
  totalBytes: number;
  /** One phone's push: 5 attempts (10 items), and a full batch of 500 items, at this size. */
  pushSmall: { medianMs: number; p95Ms: number; load1m: number };
  pushFull: { medianMs: number; p95Ms: number; load1m: number };
  report: ReportBenchResult & { load1m: number };
}

/** Sizes of every table of `schema`: rows (exact count), heap+TOAST, indexes, total. */
async function tableSizes(store: Store): Promise<TableSize[]> {
  const { rows } = await store.query<{ table: string; table_bytes: string; index_bytes: string; total: string }>(
    `SELECT c.relname AS table, pg_table_size(c.oid) AS table_bytes, pg_indexes_size(c.oid) AS index_bytes,
            pg_total_relation_size(c.oid) AS total
     FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
     ORDER BY pg_total_relation_size(c.oid) DESC`,
  );
  const out: TableSize[] = [];
  for (const r of rows) {
    const count = await store.query<{ n: string }>(`SELECT count(*) AS n FROM "${r.table}"`);
    out.push({
      table: r.table,
      rows: Number(count.rows[0]!.n),
      tableBytes: Number(r.table_bytes),
      indexBytes: Number(r.index_bytes),
      totalBytes: Number(r.total),
    });
  }
  return out;
}

async function timePushes(url: string, pushes: PreparedPush[]): Promise<{ medianMs: number; p95Ms: number }> {
  const ms: number[] = [];
  for (const push of pushes) {
    const start = performance.now();
    const counts = await sendPrepared(url, push);
    ms.push(performance.now() - start);
    if (counts.accepted !== push.count) throw new Error(`push not all accepted: ${JSON.stringify(counts)}`);
  }
  return { medianMs: round(median(ms), 1), p95Ms: round(percentile(ms, 95), 1) };
}

/**
 * Measures a schema that holds the tenth-of-national year (seeding it first when `seed` is set,
 * dropping it afterwards only if it was made here).
 */
export async function benchScale(options: { schema?: string } = {}): Promise<ScaleResult> {
  const made = !options.schema;
  const schema = options.schema ?? `lentera_bench_scale_${randomBytes(4).toString('hex')}`;
  const store = await openStore({ databaseUrl: BENCH_DATABASE_URL, schema });
  await seedServerEpoch(store);
  try {
    let seedMs: number | undefined;
    if (made) {
      const start = performance.now();
      await seedLarge(store, SEED_TENTH_YEAR);
      seedMs = Math.round(performance.now() - start);
    }
    const tables = await tableSizes(store);
    await seedQuizzes(store);
    const server = await serveTestApp(createApp(store, testConfig()));
    let pushSmall: ScaleResult['pushSmall'];
    let pushFull: ScaleResult['pushFull'];
    try {
      const small: PreparedPush[] = [];
      for (let i = 0; i < 30; i++) {
        const l = await learnerWithToken(store, `scale-${randomUUID()}`);
        small.push(preparePush(l.token, l.deviceId, makeAttempts(l.id, 5)));
      }
      pushSmall = { ...(await timePushes(server.url, small)), load1m: load() };
      const big = await learnerWithToken(store, `scale-${randomUUID()}`);
      const full = batches(makeAttempts(big.id, 10 * (MAX_PUSH_ITEMS / ITEMS_PER_ATTEMPT)), MAX_PUSH_ITEMS).map((b) =>
        preparePush(big.token, big.deviceId, b),
      );
      pushFull = { ...(await timePushes(server.url, full)), load1m: load() };
    } finally {
      await server.close();
    }
    const r = await benchReportQuery({ databaseUrl: BENCH_DATABASE_URL, schema, runs: 5 });
    return {
      seed: SEED_TENTH_YEAR,
      ...(seedMs === undefined ? {} : { seedMs }),
      tables,
      totalBytes: tables.reduce((s, t) => s + t.totalBytes, 0),
      pushSmall,
      pushFull,
      report: { ...r, load1m: load() },
    };
  } finally {
    if (made) await dropSchema(store, schema);
    else await store.close();
  }
}

export interface ProcessIngest {
  processes: number;
  attemptsPerS: number;
  attempts: number;
  senders: number;
  load1mBefore: number;
  load1mAfter: number;
}

/**
 * Ingest through `counts` real server processes (`src/server/main.ts`) on one fresh PostgreSQL
 * database: `senders` phones push full batches at once, round-robin over the processes, as a load
 * balancer spreads them. The rows are truncated between counts so each starts from the same size.
 */
export async function benchIngestProcesses(
  counts: number[] = [1, 2, 3],
  attempts = 12_000,
  senders = 6,
): Promise<ProcessIngest[]> {
  const name = `lentera_bench_procs_${randomBytes(4).toString('hex')}`;
  const url = new URL(BENCH_DATABASE_URL);
  const admin = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  url.pathname = `/${name}`;
  const servers: ServerHandle[] = [];
  const results: ProcessIngest[] = [];
  try {
    const env = { DATABASE_URL: url.toString(), LENTERA_DEMO: '0' };
    servers.push(await startServer({ env })); // the first migrates; the others start on a ready schema
    for (let i = 1; i < Math.max(...counts); i++) servers.push(await startServer({ env }));
    const store = await createPostgresStore(url.toString());
    try {
      await seedQuizzes(store);
      const learners = await Promise.all(
        Array.from({ length: senders }, () => learnerWithToken(store, `procs-${randomUUID()}`)),
      );
      for (const n of counts) {
        await store.query('TRUNCATE sync_items, attempts');
        const perSender = learners.map((l) =>
          batches(makeAttempts(l.id, Math.floor(attempts / senders)), MAX_PUSH_ITEMS).map((b) =>
            preparePush(l.token, l.deviceId, b),
          ),
        );
        const load1mBefore = load();
        let next = 0;
        const start = performance.now();
        await Promise.all(
          perSender.map(async (pushes) => {
            for (const push of pushes) {
              const server = servers[next++ % n]!;
              const got = await sendPrepared(server.url, push);
              if (got.accepted !== push.count) throw new Error(`not all accepted: ${JSON.stringify(got)}`);
            }
          }),
        );
        const ms = performance.now() - start;
        const sent = perSender.flat().reduce((s, p) => s + p.count, 0) / ITEMS_PER_ATTEMPT;
        results.push({
          processes: n,
          attemptsPerS: Math.round(sent / (ms / 1000)),
          attempts: sent,
          senders,
          load1mBefore,
          load1mAfter: load(),
        });
      }
    } finally {
      await store.close();
    }
  } finally {
    for (const s of servers) await s.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  return results;
}

// Run directly: measure a seeded schema (argument) or seed one, then the process scaling.
if (import.meta.url === `file://${process.argv[1]}`) {
  const schema = process.argv[2];
  console.log(JSON.stringify({ load1m: load(), scale: await benchScale(schema ? { schema } : {}) }, null, 2));
  console.log(JSON.stringify({ ingestProcesses: await benchIngestProcesses() }, null, 2));
}
