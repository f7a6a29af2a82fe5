import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it, vi } from 'vitest';
import type { CreateHubResponse, HubStatus } from '../../src/server/hub/hub-protocol';
import { openStore } from '../../src/server/store/open-store';
import type { PushResponse } from '../../src/shared/sync/protocol';
import { startServer, type ServerHandle } from '../e2e/harness/start-server';
import { newDeviceKey, signedBundle, signedPushInit } from './bundle-fixtures';
import { startFaultProxy } from './harness/fault-proxy';
import { demoCourseLessons, progressItem } from './sync-fixtures';
import { E2E_ADMIN_PASSWORD } from './harness/pglite-template';

// Two real servers: the national one (PostgreSQL when reachable, as in production; else PGlite)
// and a kecamatan hub on PGlite, as child processes; the hub's uplink goes through the fault proxy.
// The phones here are plain HTTP clients pushing signed bundles, so the test checks the servers
// alone (the phone side of `held` is tested on its own).

const BUNDLES = 120; // three forwarding batches of 50
const ITEMS_PER_BUNDLE = 5;

async function nationalDatabase(): Promise<{ env: Record<string, string>; url?: string; drop: () => Promise<void> }> {
  const postgresUrl = inject('postgresUrl');
  if (!postgresUrl) return { env: {}, drop: async () => {} };
  const database = `lentera_hub_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${database}`;
  return {
    env: { DATABASE_URL: url.toString() },
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: postgresUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await c.end();
    },
  };
}

const json = async <T>(res: Response): Promise<T> => {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};
const post = (url: string, body: unknown, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
const hubStatus = async (hub: ServerHandle) => json<HubStatus>(await fetch(`${hub.url}/api/hub/status`));

describe('a kecamatan hub and the national server as two processes', { timeout: 240_000 }, () => {
  it('uplink cut: the hub holds every push; SIGKILLed while forwarding and restarted, uplink back: the national server holds every item exactly once, and no course file crossed the uplink twice', async () => {
    const db = await nationalDatabase();
    const national = await startServer({ env: db.env });
    let uplinkDown = false;
    const proxy = await startFaultProxy(national.url, () =>
      uplinkDown ? { kind: 'status', status: 503, code: 'internal_error' } : { kind: 'pass' },
    );
    let hub: ServerHandle | undefined;
    try {
      const admin = await json<{ token: string }>(
        await post(`${national.url}/api/auth/login`, { username: 'admin', password: E2E_ADMIN_PASSWORD }),
      );
      const issued = await json<CreateHubResponse>(
        await post(`${national.url}/api/hubs`, { kecamatanCode: '34.02.01', name: 'Kantor Srandakan' }, admin.token),
      );
      const deviceId = randomUUID();
      const siti = await json<{ token: string; account: { id: string } }>(
        await post(`${national.url}/api/auth/login`, { username: 'siti', password: 'lentera-demo', deviceId }),
      );
      const key = await newDeviceKey();
      await json(await post(`${national.url}/api/devices/key`, { deviceId, publicKey: key.publicKey }, siti.token));
      const { courseId, lessonIds } = await demoCourseLessons(national.url, siti.token);

      hub = await startServer({
        env: {
          LENTERA_HUB_UPSTREAM: proxy.url,
          LENTERA_HUB_CREDENTIAL: issued.credential,
          // A hub tries its uplink again at most 2 s after a failure (5 minutes in production): the test
          // brings the uplink back and must not wait out a random backoff of up to 5 minutes.
          LENTERA_HUB_MAX_BACKOFF_MS: '2000',
        },
      });
      const started = hub;
      // Set up at the office with a working uplink: it learns who it is and its learners' token hashes.
      await vi.waitFor(async () => expect((await hubStatus(started)).hubId).toBe(issued.hubId), {
        timeout: 60_000,
        interval: 100,
      });
      // …and mirrors the demo courses, each file once.
      await vi.waitFor(async () => expect((await hubStatus(started)).coursesMirrored).toBeGreaterThan(0), {
        timeout: 120_000,
        interval: 200,
      });
      uplinkDown = true;

      const sent: string[] = [];
      const learner = { id: siti.account.id, deviceId };
      for (let b = 0; b < BUNDLES; b++) {
        const items = Array.from({ length: ITEMS_PER_BUNDLE }, (_, i) => ({
          ...progressItem(siti.account.id, lessonIds[(b * ITEMS_PER_BUNDLE + i) % lessonIds.length]!, {
            completed: i % 2 === 0,
            hlc: `${Date.now()}:${b}:${i}`,
          }),
          courseId,
        }));
        const res = await fetch(
          `${started.url}/api/sync/push`,
          signedPushInit(siti.token, await signedBundle(key, learner, items)),
        );
        const { results } = await json<PushResponse>(res);
        expect(new Set(results.map((r) => r.status))).toEqual(new Set(['held']));
        sent.push(...items.map((i) => i.id));
      }
      await vi.waitFor(
        async () => expect(await hubStatus(started)).toMatchObject({ uplink: 'down', waitingBundles: BUNDLES }),
        {
          timeout: 60_000,
          interval: 100,
        },
      );

      // Uplink back; the hub dies the moment its first batch is on the wire, then comes back.
      // Count only forwards that got through: while the uplink was down the hub kept trying (every ≤ 2 s),
      // and those refused tries must not raise the bar the first real forward has to clear.
      const passed = () => proxy.log.filter((l) => l.path === '/api/hub/bundles' && l.fault === 'pass').length;
      const forwardsBefore = passed();
      uplinkDown = false;
      await vi.waitFor(() => expect(passed()).toBeGreaterThan(forwardsBefore), { timeout: 120_000, interval: 5 });
      await started.kill();
      await started.restart();
      await vi.waitFor(
        async () => expect(await hubStatus(started)).toMatchObject({ uplink: 'up', waitingBundles: 0 }),
        {
          timeout: 120_000,
          interval: 200,
        },
      );

      // The restarted hub mirrored again, by delta: no course file crossed the uplink twice.
      const files = proxy.log
        .filter((l) => l.fault === 'pass' && l.path.startsWith('/api/hub/course-files/'))
        .map((l) => l.path);
      expect(files.length).toBeGreaterThan(0);
      expect(new Set(files).size).toBe(files.length);
      await national.stop();
      const store = db.url ? await openStore({ databaseUrl: db.url }) : await openStore({ dataDir: national.dataDir });
      try {
        const { rows } = await store.query<{ id: string; n: number; hub: string | null }>(
          `SELECT id::text AS id, count(*)::int AS n, min(carried_by_hub::text) AS hub FROM sync_items
            WHERE learner_id = $1 GROUP BY id`,
          [siti.account.id],
        );
        expect(rows.length).toBe(sent.length);
        expect(new Set(rows.map((r) => r.id))).toEqual(new Set(sent));
        expect(rows.every((r) => r.n === 1 && r.hub === issued.hubId)).toBe(true);
        // The kill must have hit a batch in flight (delivered upstream, answer never recorded), so
        // the restarted hub sent it again — or this test proves nothing about exactly once.
        const hubRow = await store.query<{ n: number }>(`SELECT bundles_forwarded::int AS n FROM hubs WHERE id = $1`, [
          issued.hubId,
        ]);
        expect(hubRow.rows[0]!.n).toBeGreaterThan(BUNDLES);
      } finally {
        await store.close();
      }
    } finally {
      await hub?.stop();
      await proxy.close();
      await national.stop();
      await db.drop();
    }
  });
});
