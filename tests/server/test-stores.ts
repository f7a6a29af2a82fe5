import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { openStore } from '../../src/server/store/open-store';
import type { Store } from '../../src/server/store/store';
import { seedServerEpoch } from '../../src/server/sync/get-server-epoch';
import { pgliteImage } from './harness/pglite-template';

export interface TestStoreKind {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty store with its server epoch (as a first start gives it); `drop` removes it again. */
  open: () => Promise<{ store: Store; drop: () => Promise<void> }>;
}

const pgliteKind: TestStoreKind = {
  name: 'pglite',
  async open() {
    // From the initdb template (global setup made it): the same empty cluster, without initdb's seconds.
    const store = await openStore({ pgliteImage: pgliteImage() });
    await seedServerEpoch(store);
    return { store, drop: () => store.close() };
  },
};

function postgresKind(url: string): TestStoreKind {
  return {
    name: 'postgres',
    async open() {
      // A schema of its own per store: test files run in parallel against one database.
      const schema = `lentera_t_${randomBytes(6).toString('hex')}`;
      const store = await openStore({ databaseUrl: url, schema });
      await seedServerEpoch(store);
      return {
        store,
        drop: async () => {
          await store.close();
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await client.end();
        },
      };
    },
  };
}

/** The stores every server test runs against: PGlite always, PostgreSQL when reachable (always in CI). */
export function testStoreKinds(): TestStoreKind[] {
  const url = inject('postgresUrl');
  return url ? [pgliteKind, postgresKind(url)] : [pgliteKind];
}

/**
 * Declares the same suite once per store.
 * @example describeEachStore('login', (kind) => { … })
 */
export function describeEachStore(name: string, body: (kind: TestStoreKind) => void): void {
  for (const kind of testStoreKinds()) describe(`${name} [${kind.name}]`, () => body(kind));
}
