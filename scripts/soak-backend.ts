import { randomUUID } from 'node:crypto';
import { createSession } from '../src/server/auth/sessions';
import { ensureUser } from '../src/server/auth/users';
import { testConfig } from '../src/server/config';
import { createApp } from '../src/server/create-app';
import { openStore } from '../src/server/store/open-store';
import { seedServerEpoch } from '../src/server/sync/get-server-epoch';
import type { Queryable } from '../src/server/store/store';
import { startServer } from '../tests/e2e/harness/start-server';
import type { Fault } from '../tests/server/harness/fault-proxy';
import { serveTestApp } from '../tests/server/harness/serve-test-app';
import { HUB_KECAMATAN, startTestHub, type TestHub } from '../tests/server/harness/test-hub';
import { demoCourseLessons } from '../tests/server/sync-fixtures';

/** The server a soak runs against: in-process (fast) or a child process it can SIGKILL. */
export interface SoakBackend {
  url: string;
  /** A published course and its lessons: the server refuses progress on any other lesson. */
  course: { courseId: string; lessonIds: string[] };
  createLearner: (n: number) => Promise<{ id: string; token: string; deviceId: string }>;
  /** SIGKILL and restart (child process only). */
  kill?: () => Promise<void>;
  /** Stored rows per id for these learners; the backend is stopped afterwards. */
  countAndClose: (learners: string[]) => Promise<Array<{ id: string; n: number }>>;
}

const COUNT_SQL = `SELECT id::text AS id, count(*)::int AS n FROM sync_items
  WHERE learner_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb)) GROUP BY id`;
const count = async (db: Queryable, learners: string[]) =>
  (await db.query<{ id: string; n: number }>(COUNT_SQL, [JSON.stringify(learners)])).rows;

/** A national server with a kecamatan hub in front of it (`--through-hub`). */
export interface HubSoakBackend extends SoakBackend {
  /**
   * Starts the hub (a child server on PGlite that can be SIGKILLed, or the same app in-process) whose uplink to this national server goes through a
   * fault proxy asking `uplinkFault`. Call it after every learner's key is registered at home: the
   * hub learns learners and keys from its first mirror.
   */
  startHub: (process: 'child' | 'in-process', uplinkFault: (n: number, path: string) => Fault) => Promise<TestHub>;
  /** How many of these learners' stored items the hub carried. */
  carriedBy: (hubId: string, learners: string[]) => Promise<number>;
}

/**
 * The national server in this process (as `inProcessBackend`), with the kecamatan its learners
 * live in, and a hub to start in front of it. Learners are in that kecamatan, so the hub serves them.
 */
export async function hubBackend(databaseUrl: string | undefined): Promise<HubSoakBackend> {
  const national = await inProcessBackend(databaseUrl, '34.02.01.2001');
  await national.store.query(
    `INSERT INTO regions (code, parent_code, level, name) VALUES ($1, '34.02', 3, 'Srandakan') ON CONFLICT DO NOTHING`,
    [HUB_KECAMATAN],
  );
  const { id } = await ensureUser(national.store, {
    username: `soak-admin-${randomUUID().slice(0, 6)}`,
    name: 'Admin',
    role: 'admin',
  });
  const admin = await createSession(national.store, id, randomUUID());
  let hub: TestHub | undefined;
  return {
    ...national,
    startHub: async (process, uplinkFault) => {
      hub = await startTestHub({ nationalUrl: national.url, adminToken: admin.token, process, uplinkFault });
      return hub;
    },
    carriedBy: async (hubId, learners) => {
      const { rows } = await national.store.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM sync_items WHERE carried_by_hub = $1::uuid
          AND learner_id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::text::jsonb))`,
        [hubId, JSON.stringify(learners)],
      );
      return rows[0]!.n;
    },
    countAndClose: async (learners) => {
      await hub?.stop();
      return national.countAndClose(learners);
    },
  };
}

/** The app and its store in this process (PGlite in memory, or a throw-away PostgreSQL schema). */
export async function inProcessBackend(
  databaseUrl: string | undefined,
  desaCode?: string,
): Promise<SoakBackend & { store: Queryable }> {
  const schema = `soak_${randomUUID().slice(0, 8)}`;
  const store = await openStore({ databaseUrl, ...(databaseUrl ? { schema } : {}) });
  await seedServerEpoch(store);
  const server = await serveTestApp(createApp(store, testConfig()));
  const course = { courseId: 'soak', lessonIds: Array.from({ length: 20 }, (_, i) => `l${i}`) };
  await store.query(`INSERT INTO courses (id, title, latest_version) VALUES ($1, 'Soak', '1.0.0')`, [course.courseId]);
  await store.query(
    `INSERT INTO course_versions (course_id, version, manifest, manifest_text, signature, public_key, size_bytes)
     VALUES ($1, '1.0.0', $2::text::jsonb, $2, 'soak', 'soak', 0)`,
    [course.courseId, JSON.stringify({ modules: [{ id: 'm', lessons: course.lessonIds.map((id) => ({ id })) }] })],
  );
  return {
    url: server.url,
    store,
    course,
    createLearner: async (n) => {
      const { id } = await ensureUser(store, {
        username: `soak-${n}-${randomUUID().slice(0, 6)}`,
        name: 'Soak',
        role: 'learner',
        ...(desaCode ? { desaCode } : {}),
      });
      const deviceId = randomUUID();
      return { id, deviceId, token: (await createSession(store, id, deviceId)).token };
    },
    countAndClose: async (learners) => {
      try {
        return await count(store, learners);
      } finally {
        await server.close();
        if (databaseUrl) await store.query(`DROP SCHEMA ${schema} CASCADE`);
        await store.close();
      }
    },
  };
}

/**
 * A real child server (PGlite data folder) that the soak SIGKILLs mid-run. Learners are enrolled
 * the way an operator does it: createUser, a one-time code, enrolDevice.
 */
export async function childProcessBackend(): Promise<SoakBackend> {
  const server = await startServer();
  const post = async <T>(path: string, body: unknown, token?: string) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  const admin = await post<{ token: string }>('/api/auth/login', { username: 'admin', password: 'admin-e2e-password' });
  const course = await demoCourseLessons(server.url, admin.token);
  return {
    course,
    get url() {
      return server.url;
    },
    createLearner: async (n) => {
      const { account } = await post<{ account: { id: string } }>(
        '/api/users',
        { username: `soak-${n}-${randomUUID().slice(0, 6)}`, name: 'Soak', desaCode: '34.02.01.2001' },
        admin.token,
      );
      const { code } = await post<{ code: string }>(`/api/users/${account.id}/enrolment-code`, {}, admin.token);
      const deviceId = randomUUID();
      const { token } = await post<{ token: string }>('/api/auth/enrol', { code, deviceId });
      return { id: account.id, token, deviceId };
    },
    kill: async () => {
      await server.kill();
      await server.restart();
    },
    countAndClose: async (learners) => {
      await server.stop();
      const store = await openStore({ dataDir: server.dataDir });
      try {
        return await count(store, learners);
      } finally {
        await store.close();
      }
    },
  };
}
