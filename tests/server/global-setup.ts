import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { preparePgliteTemplate } from './harness/pglite-template';
import { bundleTestServer } from './harness/server-entry';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL for server tests, or null when unreachable outside CI. */
    postgresUrl: string | null;
  }
}

/** Server tests run on PGlite and PostgreSQL; under `CI=true` an unreachable PostgreSQL fails the run. */
export default async function setup(project: TestProject): Promise<void> {
  await preparePgliteTemplate();
  await bundleTestServer();
  // In watch mode setup runs once: a re-run bundles the server again, so child servers run the code as edited.
  project.onTestsRerun(async () => void (await bundleTestServer()));
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    project.provide('postgresUrl', TEST_DATABASE_URL);
  } catch (err) {
    const why = `PostgreSQL unreachable at ${TEST_DATABASE_URL} (${(err as Error).message}). Start it (pg_ctlcluster 15 main start) or set TEST_DATABASE_URL.`;
    if (process.env.CI === 'true') throw new Error(why, { cause: err });
    console.warn(`[server tests] ${why} PostgreSQL tests are skipped (they fail under CI=true).`);
    project.provide('postgresUrl', null);
  } finally {
    await client.end().catch(() => undefined);
  }
}
