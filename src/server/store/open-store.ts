import { createPgliteStore } from './create-pglite-store';
import { createPostgresStore } from './create-postgres-store';
import { migrate } from './migrate';
import type { Store } from './store';

export interface OpenStoreOptions {
  /** `postgres://…` selects PostgreSQL; otherwise the embedded PGlite store is used. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; `undefined` keeps PGlite in memory (tests). */
  dataDir?: string | undefined;
  /** PostgreSQL schema (tests). */
  schema?: string | undefined;
  /** PGlite: start from this initialised data folder image instead of running initdb (tests). */
  pgliteImage?: Blob | undefined;
}

/** Opens the configured store and brings its schema up to date. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store = options.databaseUrl
    ? await createPostgresStore(options.databaseUrl, options.schema ? { schema: options.schema } : {})
    : await createPgliteStore(options.dataDir, options.pgliteImage);
  try {
    await migrate(store);
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
