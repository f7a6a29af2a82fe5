import { randomUUID } from 'node:crypto';
import { createSession } from '../../src/server/auth/sessions';
import { ensureUser, type NewUser } from '../../src/server/auth/users';
import { loadRegions } from '../../src/server/regions/load-regions';
import type { Store } from '../../src/server/store/store';

// A small, hand-countable Bantul (34.02) for the report tests; the expected figures are worked
// out by hand in src/server/routes/report-routes.test.ts next to each assertion.

const DAY = 24 * 3600 * 1000;
export const ago = (days: number) => new Date(Date.now() - days * DAY);

export interface MonitoringFixture {
  tokens: Record<'admin' | 'monitor' | 'operator' | 'learner' | 'author' | 'unbound', string>;
  learnerIds: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', string>;
  syncedAt: { a: Date; b: Date; d: Date };
}

async function user(store: Store, u: NewUser): Promise<string> {
  return (await ensureUser(store, u)).id;
}

async function token(store: Store, id: string): Promise<string> {
  return (await createSession(store, id, undefined)).token;
}

async function attempt(
  store: Store,
  learner: string,
  role: string,
  score: number | null,
  started: Date,
  received: Date,
) {
  await store.query(
    `INSERT INTO attempts (id, learner_id, course_id, course_version, quiz_id, mode, role, started_at, finished_at, received_at, score, graded_at)
     VALUES ($1, $2, 'c1', '1.0.0', $3, $4, $5, $6::timestamptz, $6::timestamptz, $7::timestamptz, $8::numeric,
       CASE WHEN $8::numeric IS NULL THEN NULL ELSE $7::timestamptz END)`,
    [randomUUID(), learner, `${role}-quiz`, role === 'practice' ? 'latihan' : 'ujian', role, started, received, score],
  );
}

async function progress(store: Store, learner: string, lesson: string, completed: boolean, updated: Date) {
  await store.query(
    `INSERT INTO lesson_progress (learner_id, course_id, lesson_id, completed, completed_at, hlc, updated_at)
     VALUES ($1, 'c1', $2, $3, $4, 'hlc', $4)`,
    [learner, lesson, completed, updated],
  );
}

async function device(store: Store, learner: string, lastSync: Date | null) {
  await store.query(`INSERT INTO devices (id, user_id, last_sync_at) VALUES ($1, $2, $3)`, [
    randomUUID(),
    learner,
    lastSync,
  ]);
}

/**
 * Learners a, b (desa 34.02.01.2001), c (34.02.01.2002), d (34.02.02.2001), e (34.03, another
 * kabupaten) and f (disabled); course c1 whose latest version (2.0.0) has lessons l1 and l2.
 */
export async function seedMonitoringFixture(store: Store): Promise<MonitoringFixture> {
  await loadRegions(store, { under: '34' });
  const manifest = (lessons: string[]) =>
    JSON.stringify({ modules: [{ id: 'm1', lessons: lessons.map((id) => ({ id })), quizzes: [] }] });
  await store.query(`INSERT INTO courses (id, title, latest_version) VALUES ('c1', 'Keuangan Desa', '2.0.0')`);
  for (const [version, lessons] of [
    ['1.0.0', ['l1', 'old-lesson']],
    ['2.0.0', ['l1', 'l2']],
  ] as const) {
    await store.query(
      `INSERT INTO course_versions (course_id, version, manifest, manifest_text, signature, public_key, size_bytes)
       VALUES ('c1', $1, $2::text::jsonb, $2, 'sig', 'key', 1)`,
      [version, manifest([...lessons])],
    );
  }
  const learner = (username: string, desaCode: string) =>
    user(store, { username, name: username.toUpperCase(), role: 'learner', desaCode });
  const ids = {
    a: await learner('a', '34.02.01.2001'),
    b: await learner('b', '34.02.01.2001'),
    c: await learner('c', '34.02.01.2002'),
    d: await learner('d', '34.02.02.2001'),
    e: await learner('e', '34.03.01.2001'),
    f: await learner('f', '34.02.01.2001'),
  };
  await store.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [ids.f]);
  const syncedAt = { a: ago(1), b: ago(20), d: ago(15) };

  // a: both lessons of c1 done; pre-tests 40 then 60 (the first counts), post-tests 70 and 90 (the best counts).
  await device(store, ids.a, ago(3));
  await device(store, ids.a, syncedAt.a);
  await progress(store, ids.a, 'l1', true, ago(2));
  await progress(store, ids.a, 'l2', true, ago(2));
  await attempt(store, ids.a, 'pretest', 40, ago(10), ago(2));
  await attempt(store, ids.a, 'pretest', 60, ago(9), ago(2));
  await attempt(store, ids.a, 'posttest', 70, ago(4), ago(2));
  await attempt(store, ids.a, 'posttest', 90, ago(3), ago(2));
  // b: one lesson, a pre-test, everything older than 30 days: enrolled, not active.
  await device(store, ids.b, syncedAt.b);
  await progress(store, ids.b, 'l1', true, ago(40));
  await attempt(store, ids.b, 'pretest', 50, ago(41), ago(40));
  // c: enrolled, never synced.
  // d: l1 done, l2 opened not done, a lesson of the old version done; pre 80, post 70; an ungraded
  // post-test and a practice quiz that must not count.
  await device(store, ids.d, syncedAt.d);
  await progress(store, ids.d, 'l1', true, ago(5));
  await progress(store, ids.d, 'l2', false, ago(5));
  await progress(store, ids.d, 'old-lesson', true, ago(5));
  await attempt(store, ids.d, 'pretest', 80, ago(6), ago(5));
  await attempt(store, ids.d, 'posttest', 70, ago(6), ago(5));
  await attempt(store, ids.d, 'posttest', null, ago(5), ago(5));
  await attempt(store, ids.d, 'practice', 100, ago(5), ago(5));
  // e (Gunungkidul) and f (disabled) are active but outside every 34.02 figure.
  for (const other of [ids.e, ids.f]) {
    await device(store, other, ago(0));
    await progress(store, other, 'l1', true, ago(1));
    await attempt(store, other, 'pretest', 10, ago(1), ago(1));
  }

  const staff = async (username: string, role: NewUser['role'], regionCode?: string) =>
    token(store, await user(store, { username, name: username, role, ...(regionCode ? { regionCode } : {}) }));
  return {
    tokens: {
      admin: await staff('admin', 'admin'),
      monitor: await staff('monitor', 'monitor', '34.02'),
      operator: await staff('operator', 'operator', '34.02.01'),
      learner: await token(store, ids.a),
      author: await staff('pelatih', 'author'),
      unbound: await staff('monitor2', 'monitor'),
    },
    learnerIds: ids,
    syncedAt,
  };
}
