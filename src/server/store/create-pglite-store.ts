import { PGlite } from '@electric-sql/pglite';
import type { Queryable, Store } from './store';

/**
 * Opens the embedded store in `dataDir` (or in memory when `dataDir` is undefined).
 * PGlite never calls fsync: it survives a process kill, not a power cut — production uses PostgreSQL.
 * `image` (tests) is a `dumpDataDir()` of an initialised folder to start from, skipping initdb.
 */
export async function createPgliteStore(dataDir?: string, image?: Blob): Promise<Store> {
  const options = image ? { loadDataDir: image } : {};
  const db = dataDir ? new PGlite(dataDir, options) : new PGlite(options);
  await db.waitReady;
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const result = await q.query<T>(sql, params);
      return { rows: result.rows };
    },
  });
  return {
    kind: 'pglite',
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}
