import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { openStore } from '../../src/server/store/open-store';
import type { Store } from '../../src/server/store/store';
import { startServer } from '../e2e/harness/start-server';
import { seededRandom } from './harness/seeded-random';
import { testSize } from './harness/test-size';
import { createTestDevice } from './harness/test-device';
import { demoCourseLessons, progressItem } from './sync-fixtures';

// Reliability scenario 5 (docs/reliability.md): the server is SIGKILLed at random points while ingesting; after
// restarts and retries the stored set equals the sent set. A real child process on each store.

// `npm test` kills 3× during 1,200 items; `npm run test:long` 10× during 5,000. Each kill restarts a
// child server (tsx compiles it again): seconds apiece on two busy cores, hence the timeout.
const { KILLS, ITEMS } = testSize({ fast: { KILLS: 3, ITEMS: 1200 }, long: { KILLS: 10, ITEMS: 5000 } });
const TIMEOUT = 60_000 + KILLS * 30_000;

interface Backend {
  name: string;
  env: () => Promise<{
    env: Record<string, string>;
    open: (dataDir: string) => Promise<Store>;
    drop: () => Promise<void>;
  }>;
}

const backends: Backend[] = [
  {
    name: 'pglite',
    env: async () => ({ env: {}, open: (dataDir) => openStore({ dataDir }), drop: async () => {} }),
  },
];
const postgresUrl = inject('postgresUrl');
if (postgresUrl) {
  backends.push({
    name: 'postgres',
    env: async () => {
      const database = `lentera_kill_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.end();
      const url = new URL(postgresUrl);
      url.pathname = `/${database}`;
      return {
        env: { DATABASE_URL: url.toString() },
        open: () => openStore({ databaseUrl: url.toString() }),
        drop: async () => {
          const c = new pg.Client({ connectionString: postgresUrl });
          await c.connect();
          await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
          await c.end();
        },
      };
    },
  });
}

for (const backend of backends) {
  describe(`sync under server kills [${backend.name}]`, { timeout: TIMEOUT }, () => {
    it(`5. server SIGKILLed ${KILLS}× at random points while ingesting → stored set = sent set`, async () => {
      const seed = Number(process.env.LENTERA_SEED ?? Date.now() % 100_000);
      const random = seededRandom(seed);
      const { env, open, drop } = await backend.env();
      const server = await startServer({ env });
      try {
        const login = await fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'siti', password: 'lentera-demo' }),
        });
        const { token, account } = (await login.json()) as { token: string; account: { id: string } };
        const device = await createTestDevice({
          baseUrl: server.url,
          learner: { id: account.id, token },
          requestTimeoutMs: 5000,
        });
        // Batches of 100 to start with, as a slow link leaves the engine: a new phone's first packed
        // batch (2,000 items) would take the whole outbox in one push, and no kill could land inside it.
        await device.db.syncState.put({ key: 'pushBatchSize', value: 100 });
        // Progress on the demo course's real lessons: the server refuses lessons no version has.
        const { courseId, lessonIds } = await demoCourseLessons(server.url, token);
        const sent: string[] = [];
        for (let i = 0; i < ITEMS; i++) {
          const item = {
            ...progressItem(account.id, lessonIds[i % lessonIds.length]!, {
              completed: i % 3 === 0,
              position: (i % 10) / 10,
              hlc: `${Date.now()}:${i}:${randomUUID()}`,
            }),
            courseId,
          };
          await device.enqueue(item);
          sent.push(item.id);
        }
        let interrupted = 0;
        for (let k = 0; k < KILLS; k++) {
          // Kill at a random point of the ingestion itself (not after a fixed delay, which a faster
          // server outruns): once a random 10–50 % of what is pending has been acknowledged, so more
          // than the batch in flight is still unsent when the server dies.
          const before = await device.pending();
          const killAt = Math.floor(before * (0.5 + random() * 0.4));
          let finished = false;
          const run = device.syncUntilDrained(3).finally(() => (finished = true));
          while (!finished && (await device.pending()) > killAt) await new Promise((r) => setTimeout(r, 2));
          await server.kill();
          await run;
          if ((await device.pending()) > 0) interrupted++;
          await server.restart();
          await device.db.outbox.toCollection().modify({ nextTryAt: 0 });
        }
        // The kills must have hit ingestion, not an idle server, or this test proves nothing.
        expect(interrupted, `seed ${seed}`).toBeGreaterThan(0);
        const report = await device.syncUntilDrained();
        expect(report.lastError, `seed ${seed}`).toBeUndefined();
        expect(await device.pending()).toBe(0);
        expect(await device.db.outbox.where('state').equals('dead').count()).toBe(0);
        await server.stop();
        const store = await open(server.dataDir);
        try {
          const { rows } = await store.query<{ id: string }>(
            `SELECT id::text AS id FROM sync_items WHERE learner_id = $1`,
            [account.id],
          );
          expect(rows.length, `seed ${seed}`).toBe(sent.length);
          expect(new Set(rows.map((r) => r.id))).toEqual(new Set(sent));
        } finally {
          await store.close();
        }
        await device.close();
      } finally {
        await server.stop();
        await drop();
      }
    });
  });
}
