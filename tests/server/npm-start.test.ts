import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startServer, type ServerHandle } from '../e2e/harness/start-server';

/** What `npm start` must do on a fresh machine: one process, app + API, on the chosen store. */
async function checkServes(server: ServerHandle, store: 'pglite' | 'postgres') {
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok', store });
  const home = await fetch(`${server.url}/`);
  expect(home.status).toBe(200);
  expect(home.headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(await home.text()).toMatch(/<link rel="manifest" href="\/manifest\.webmanifest"/);
  expect(server.output()).toContain('demo accounts');
}

describe('npm start', () => {
  const servers: ServerHandle[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  it('serves /healthz and the app with a manifest link on PGlite in a fresh data folder', async () => {
    const server = await startServer({ entry: 'scripts/start.mjs', env: { LENTERA_ADMIN_PASSWORD: '' } });
    servers.push(server);
    await checkServes(server, 'pglite');
    // No password configured: a generated one is printed once.
    expect(server.output()).toMatch(/admin password \(shown once.*\): \S{12,}/);
  });

  const postgresUrl = inject('postgresUrl');
  it.runIf(postgresUrl)('does the same on PostgreSQL with DATABASE_URL, migrating a fresh database', async () => {
    const name = `lentera_start_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresUrl! });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(postgresUrl!);
      url.pathname = `/${name}`;
      const server = await startServer({ entry: 'scripts/start.mjs', env: { DATABASE_URL: url.toString() } });
      await checkServes(server, 'postgres');
      // A second start on the same database finds the migrations applied and the admin present.
      await server.restart();
      await checkServes(server, 'postgres');
      await server.stop();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
