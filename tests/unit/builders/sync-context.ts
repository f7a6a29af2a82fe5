import type { LenteraDatabase } from '../../../src/db/database';
import type { SyncContext } from '../../../src/sync/sync-context';

/** A sync context over `db` whose requests go to `fetch` (a fake server), with a fixed clock. */
export function testSyncContext(db: LenteraDatabase, fetch: typeof globalThis.fetch): SyncContext {
  return {
    db,
    baseUrl: 'http://lentera.test',
    deviceId: 'device-1',
    fetch,
    now: () => 1_000,
    random: () => 0.5,
    requestTimeoutMs: 1_000,
  };
}
