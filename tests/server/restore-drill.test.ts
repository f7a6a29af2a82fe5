import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createPostgresStore } from '../../src/server/store/create-postgres-store';
import { startServer, type ServerHandle } from '../e2e/harness/start-server';
import { createTestDevice, type TestDevice } from './harness/test-device';
import { attemptWithAnswers, learnerWithToken, progressItem, seedQuizzes } from './sync-fixtures';

const run = promisify(execFile);

// The restore drill as an operator runs it (docs/operations.md): phones sync, pg_dump, more phones
// sync, the dump goes into a fresh database with `npm run restore`, the server starts on it, and
// the phones' next sync re-pushes (new server epoch) until the restored server holds everything.
const postgresUrl = inject('postgresUrl');

describe.runIf(postgresUrl)('restore drill on PostgreSQL', () => {
  const suffix = randomBytes(5).toString('hex');
  const dbUrl = (name: string) => {
    const url = new URL(postgresUrl!);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const source = `lentera_drill_src_${suffix}`;
  const restored = `lentera_drill_dst_${suffix}`;
  const cleanup: Array<() => Promise<unknown>> = [];

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    const admin = new pg.Client({ connectionString: postgresUrl! });
    await admin.connect();
    for (const name of [source, restored]) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('phones that synced after the dump re-push; the restored server ends with everything, lost = duplicated = 0', async () => {
    const admin = new pg.Client({ connectionString: postgresUrl! });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${source}`);
    await admin.end();
    const dir = await mkdtemp(join(tmpdir(), 'lentera-drill-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));

    let server: ServerHandle = await startServer({ env: { DATABASE_URL: dbUrl(source), LENTERA_DEMO: '0' } });
    cleanup.push(() => server.stop());
    const store = await createPostgresStore(dbUrl(source));
    await seedQuizzes(store);
    // Accounts exist before the dump (one made after it would need enrolling again: the dump lacks it).
    const learners = {
      early: await learnerWithToken(store, 'sebelum'), // syncs only before the dump
      both: await learnerWithToken(store, 'keduanya'), // before and after
      late: await learnerWithToken(store, 'sesudah'), // only after
    };
    await store.close();
    const devices: Record<keyof typeof learners, TestDevice> = {
      early: await createTestDevice({ baseUrl: server.url, learner: learners.early }),
      both: await createTestDevice({ baseUrl: server.url, learner: learners.both }),
      late: await createTestDevice({ baseUrl: server.url, learner: learners.late }),
    };
    cleanup.push(() => Promise.all(Object.values(devices).map((d) => d.close())));
    const created: string[] = [];
    const work = async (who: keyof typeof learners, n: number) => {
      const learnerId = learners[who].id;
      for (let i = 0; i < n; i++) {
        const { attempt, answers } = attemptWithAnswers(learnerId, i === 0 ? 'pretest' : 'posttest', [
          true,
          i % 2 === 0,
        ]);
        const progress = progressItem(learnerId, `l${created.length}`, { completed: true, hlc: `${Date.now()}:0:x` });
        for (const item of [...answers, attempt, progress]) {
          await devices[who].enqueue(item);
          created.push(item.id);
        }
      }
      const report = await devices[who].syncUntilDrained();
      expect(report.lastError).toBeUndefined();
      expect(await devices[who].pending()).toBe(0);
      expect((await devices[who].db.outbox.toArray()).filter((r) => r.state === 'dead')).toEqual([]);
    };

    await work('early', 3);
    await work('both', 2);
    const dump = join(dir, 'lentera.dump');
    await run('pg_dump', ['-Fc', '-f', dump, dbUrl(source)]);
    await work('both', 2);
    await work('late', 3);
    const afterDump = created.length - 5 * 4; // the items the dump does not hold
    await server.stop();

    const { stdout } = await run('npm', ['run', '--silent', 'restore', '--', dump, dbUrl(restored)], {
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      database: string;
      previousEpoch: string;
      serverEpoch: string;
      items: number;
    };
    expect(result.database).toBe('created');
    expect(result.serverEpoch).not.toBe(result.previousEpoch);
    expect(result.items).toBe(created.length - afterDump);
    // Restoring again over the restored store is refused: a restore always goes to a fresh database.
    await expect(run('npm', ['run', '--silent', 'restore', '--', dump, dbUrl(restored)])).rejects.toThrow(/fresh one/);

    const restoredAt = Date.now();
    server = await startServer({ port: server.port, env: { DATABASE_URL: dbUrl(restored), LENTERA_DEMO: '0' } });
    for (const device of Object.values(devices)) {
      const report = await device.syncUntilDrained();
      expect(report.lastError).toBeUndefined();
      expect(await device.pending()).toBe(0);
    }
    // Every phone saw the new epoch and sent everything it holds again — also what the dump had.
    for (const device of Object.values(devices)) {
      const rows = await device.db.outbox.toArray();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.state === 'synced' && r.syncedAt! >= restoredAt)).toBe(true);
    }

    const check = await createPostgresStore(dbUrl(restored));
    cleanup.push(() => check.close());
    const { rows } = await check.query<{ id: string; n: number }>(
      `SELECT id::text AS id, count(*)::int AS n FROM sync_items GROUP BY id`,
    );
    const stored = new Map(rows.map((r) => [r.id, r.n]));
    const lost = created.filter((id) => !stored.has(id)).length;
    const duplicated = [...stored.values()].filter((n) => n > 1).length;
    const unexpected = [...stored.keys()].filter((id) => !created.includes(id)).length;
    expect({ lost, duplicated, unexpected, stored: stored.size }).toEqual({
      lost: 0,
      duplicated: 0,
      unexpected: 0,
      stored: created.length,
    });
    // The re-pushed attempts are graded on the restored server, as on the first.
    const graded = await check.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM attempts WHERE graded_at IS NOT NULL`,
    );
    expect(graded.rows[0]!.n).toBe(10);
  });
});
