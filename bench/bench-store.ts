// A fresh, migrated store with its server epoch for one benchmark: PGlite in memory, or PostgreSQL in a schema of its own
// that is dropped afterwards, so a benchmark never touches real data.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../src/server/store/open-store';
import type { Store } from '../src/server/store/store';
import { seedServerEpoch } from '../src/server/sync/get-server-epoch';

export type StoreKindName = 'postgres' | 'pglite';

export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Opens a fresh store of `kind`; `drop()` closes it and removes the schema. */
export async function openBenchStore(kind: StoreKindName): Promise<{ store: Store; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const store = await openStore({});
    await seedServerEpoch(store);
    return { store, drop: () => store.close() };
  }
  const schema = `lentera_bench_${randomBytes(5).toString('hex')}`;
  const store = await openStore({ databaseUrl: BENCH_DATABASE_URL, schema });
  await seedServerEpoch(store);
  return { store, drop: () => dropSchema(store, schema) };
}

/** Closes `store` and drops `schema` with a separate connection. */
export async function dropSchema(store: Store | undefined, schema: string): Promise<void> {
  await store?.close();
  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

/** True when PostgreSQL answers at BENCH_DATABASE_URL; otherwise the reason. */
export async function postgresReachable(): Promise<true | string> {
  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (err) {
    return `PostgreSQL unreachable at ${BENCH_DATABASE_URL}: ${(err as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
