import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startFaultProxy, type FaultProxy } from '../../server/harness/fault-proxy';
import { startServer, type ServerHandle } from './start-server';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The national server, the fault proxy on the hub's uplink, and a switch that cuts it. */
export interface NationalWithUplink {
  national: ServerHandle;
  /** The hub's LENTERA_HUB_UPSTREAM: every byte between hub and national crosses it. */
  uplink: FaultProxy;
  setUplink: (state: 'up' | 'down') => void;
  /** Where the national server keeps its data: a PostgreSQL URL, or undefined for its PGlite folder. */
  databaseUrl: string | undefined;
  stop: () => Promise<void>;
}

/**
 * Starts the national server on a database of its own in the local PostgreSQL, as in production
 * (PGlite when PostgreSQL is unreachable, except under CI=true, where that fails), with a fault
 * proxy in front of it for a hub's uplink. A cut uplink answers 503 to the hub, as a dead link's
 * last proxy would; the phones reach the national server directly.
 */
export async function startNationalWithUplink(staticDir?: string): Promise<NationalWithUplink> {
  const database = await createDatabase();
  const national = await startServer({
    ...(staticDir && { staticDir }),
    env: database ? { DATABASE_URL: database.url } : {},
  });
  let state: 'up' | 'down' = 'up';
  const uplink = await startFaultProxy(national.url, () =>
    state === 'down' ? { kind: 'status', status: 503, code: 'internal_error' } : { kind: 'pass' },
  );
  return {
    national,
    uplink,
    setUplink: (next) => {
      state = next;
    },
    databaseUrl: database?.url,
    stop: async () => {
      await uplink.close();
      await national.stop();
      await database?.drop();
    },
  };
}

async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (err) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL unreachable at ${TEST_DATABASE_URL}`, { cause: err });
    return null;
  }
  const name = `lentera_hub_e2e_${randomBytes(5).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
