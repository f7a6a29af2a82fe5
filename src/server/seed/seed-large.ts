import { loadRegions } from '../regions/load-regions';
import type { Store } from '../store/store';

export interface SeedLargeOptions {
  learners: number;
  villages: number;
  attempts: number;
  /** Lesson progress rows per learner (the seed course has 8 lessons). */
  lessonsPerLearner: number;
  /**
   * Answers per attempt stored as the push stores them: each answer and each attempt a `sync_items`
   * row with the item's JSON, the attempt's `answer_ids` listing them. 0 (the report data set) skips
   * `sync_items`, which the reports never read.
   */
  answersPerAttempt?: number;
  /** Attempts are spread over this many days before now (default 90). */
  spreadDays?: number;
}

export const SEED_LARGE_DEFAULTS: SeedLargeOptions = {
  learners: 80_000,
  villages: 40_000,
  attempts: 2_000_000,
  lessonsPerLearner: 6,
};

/**
 * A year of attempts at a tenth of national volume (docs/scale.md): 8,000 learners, 50 attempts
 * each in the year, 10 answers each, every item in `sync_items` as pushed. Bounded to run in minutes.
 */
export const SEED_TENTH_YEAR: SeedLargeOptions = {
  learners: 8_000,
  villages: 4_000,
  attempts: 400_000,
  lessonsPerLearner: 6,
  answersPerAttempt: 10,
  spreadDays: 365,
};

const LESSONS = Array.from({ length: 8 }, (_, i) => `pelajaran-${i + 1}`);

/**
 * Fills a PostgreSQL store with a national-scale data set for the report benchmark, in a handful of
 * set-based statements (generate_series, no row-by-row round trips). Values are pseudo-random but
 * deterministic (hashes of the row number), so two runs produce the same data; re-running skips.
 * Learners are `seed-N`, spread two per desa over every other desa of the country.
 */
export async function seedLarge(
  store: Store,
  o: SeedLargeOptions = SEED_LARGE_DEFAULTS,
): Promise<Record<string, number>> {
  const timings: Record<string, number> = {};
  const answers = o.answersPerAttempt ?? 0;
  const spreadHours = (o.spreadDays ?? 90) * 24;
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const start = performance.now();
    await store.query(sql, params);
    timings[name] = Math.round(performance.now() - start);
  };
  await loadRegions(store);
  const manifest = JSON.stringify({
    format: 1,
    id: 'seed-course',
    version: '1.0.0',
    modules: [
      {
        id: 'm1',
        title: 'Modul',
        lessons: LESSONS.map((id) => ({ id, title: id, file: '0'.repeat(64) })),
        quizzes: [],
      },
    ],
    files: [],
  });
  await store.query(
    `INSERT INTO courses (id, title, latest_version) VALUES ('seed-course', 'Kursus benchmark', '1.0.0') ON CONFLICT DO NOTHING`,
  );
  await store.query(
    `INSERT INTO course_versions (course_id, version, manifest, manifest_text, signature, public_key, size_bytes)
     VALUES ('seed-course', '1.0.0', $1::text::jsonb, $1, 'seed', 'seed', 0) ON CONFLICT DO NOTHING`,
    [manifest],
  );
  // h(x) = a stable pseudo-random non-negative int from a row number.
  await step(
    'villages',
    `CREATE TEMP TABLE seed_villages AS
     SELECT row_number() OVER (ORDER BY code) AS n, code FROM
       (SELECT code, row_number() OVER (ORDER BY code) AS r FROM regions WHERE level = 4) v
     WHERE r % 2 = 0 ORDER BY code LIMIT $1`,
    [o.villages],
  );
  await step(
    'learners',
    `INSERT INTO users (id, username, name, role, desa_code, jabatan)
     SELECT md5('seed-learner-' || g)::uuid, 'seed-' || g, 'Peserta ' || g, 'learner', v.code,
       (ARRAY['Kepala Desa','Sekretaris Desa','Kaur Keuangan','Kasi Pemerintahan'])[1 + g % 4]
     FROM generate_series(1, $1::int) g
     JOIN seed_villages v ON v.n = 1 + (g - 1) % $2::int
     ON CONFLICT (username) DO NOTHING`,
    [o.learners, o.villages],
  );
  await step(
    'devices',
    `INSERT INTO devices (id, user_id, created_at, last_sync_at, last_seq)
     SELECT md5('seed-device-' || g)::uuid, md5('seed-learner-' || g)::uuid, now() - interval '90 days',
       CASE WHEN abs(hashtext('s' || g)) % 10 = 0 THEN NULL
            ELSE now() - make_interval(hours => abs(hashtext('d' || g)) % (60 * 24)) END, 0
     FROM generate_series(1, $1::int) g
     ON CONFLICT DO NOTHING`,
    [o.learners],
  );
  await step(
    'lesson_progress',
    `INSERT INTO lesson_progress (learner_id, course_id, lesson_id, completed, completed_at, hlc, updated_at)
     SELECT md5('seed-learner-' || g)::uuid, 'seed-course', 'pelajaran-' || l, abs(hashtext('c' || g || '.' || l)) % 4 <> 0,
       now() - make_interval(hours => abs(hashtext('p' || g || '.' || l)) % (60 * 24)), '0', 
       now() - make_interval(hours => abs(hashtext('p' || g || '.' || l)) % (60 * 24))
     FROM generate_series(1, $1::int) g, generate_series(1, $2::int) l
     ON CONFLICT DO NOTHING`,
    [o.learners, o.lessonsPerLearner],
  );
  // Attempt k of a learner: the first is the pre-test, the last the post-test, the rest practice.
  await step(
    'attempts',
    `INSERT INTO attempts (id, learner_id, course_id, course_version, quiz_id, mode, role, started_at, finished_at,
       received_at, score, passed, graded_at, answer_ids)
     SELECT md5('seed-attempt-' || a)::uuid, md5('seed-learner-' || (1 + (a - 1) % $2::int))::uuid, 'seed-course', '1.0.0',
       q.role || '-quiz', CASE q.role WHEN 'practice' THEN 'latihan' ELSE 'ujian' END, q.role,
       t.at, t.at + interval '10 minutes', t.at + interval '1 hour', q.score, q.score >= 60, t.at + interval '1 hour',
       coalesce((SELECT jsonb_agg(md5('seed-answer-' || a || '.' || n)::uuid) FROM generate_series(1, $3::int) n), '[]')
     FROM generate_series(1, $1::int) a
     CROSS JOIN LATERAL (SELECT (a - 1) / $2::int AS k) kk
     CROSS JOIN LATERAL (SELECT CASE WHEN kk.k = 0 THEN 'pretest'
                                     WHEN kk.k = ($1::int / $2::int) - 1 THEN 'posttest' ELSE 'practice' END AS role,
                                (abs(hashtext('score' || a)) % 101)::numeric AS score) q
     CROSS JOIN LATERAL (SELECT now() - make_interval(hours => abs(hashtext('t' || a)) % $4::int) AS at) t
     ON CONFLICT (id) DO NOTHING`,
    [o.attempts, o.learners, answers, spreadHours],
  );
  if (answers > 0) {
    // The rows a push stores for these attempts: every answer item, then the attempt item itself,
    // with the JSON shape and size the phone sends (src/shared/sync/sync-item.ts).
    await step(
      'sync_items',
      `INSERT INTO sync_items (id, learner_id, device_id, kind, item, client_time, received_at, device_seq, attempt_id,
         content_hash)
       SELECT x.id, x.learner, x.device, x.kind, x.item, x.at, x.at + interval '1 hour', x.seq, x.attempt_id,
         md5(x.item::text) || md5(x.id::text)
       FROM (
         SELECT CASE WHEN n <= $3::int THEN md5('seed-answer-' || a.a || '.' || n)::uuid ELSE a.id END AS id,
           a.learner_id AS learner, md5('seed-device-' || (1 + (a.a - 1) % $2::int))::uuid AS device,
           CASE WHEN n <= $3::int THEN 'answer' ELSE 'attempt' END AS kind,
           (a.a - 1) / $2::int * ($3::int + 1) + n AS seq, a.started_at AS at,
           CASE WHEN n <= $3::int THEN a.id END AS attempt_id,
           CASE WHEN n <= $3::int THEN jsonb_build_object(
               'kind', 'answer', 'id', md5('seed-answer-' || a.a || '.' || n)::uuid, 'learnerId', a.learner_id,
               'seq', (a.a - 1) / $2::int * ($3::int + 1) + n, 'attemptId', a.id, 'courseId', a.course_id,
               'courseVersion', a.course_version, 'quizId', a.quiz_id, 'questionId', 'q' || n,
               'value', jsonb_build_object('type', 'single', 'choice', (ARRAY['a','b','c','d'])[1 + abs(hashtext('v' || a.a || '.' || n)) % 4]),
               'answeredAt', (extract(epoch FROM a.started_at) * 1000)::bigint + n * 30000)
             ELSE jsonb_build_object(
               'kind', 'attempt', 'id', a.id, 'attemptId', a.id, 'learnerId', a.learner_id,
               'seq', (a.a - 1) / $2::int * ($3::int + 1) + n, 'courseId', a.course_id,
               'courseVersion', a.course_version, 'quizId', a.quiz_id, 'mode', a.mode,
               'startedAt', (extract(epoch FROM a.started_at) * 1000)::bigint,
               'finishedAt', (extract(epoch FROM a.finished_at) * 1000)::bigint, 'answerIds', a.answer_ids)
           END AS item
         FROM (SELECT g AS a, t.* FROM generate_series(1, $1::int) g
               JOIN attempts t ON t.id = md5('seed-attempt-' || g)::uuid) a
         CROSS JOIN generate_series(1, $3::int + 1) n
       ) x
       ON CONFLICT (id) DO NOTHING`,
      [o.attempts, o.learners, answers],
    );
  }
  await step('analyze', 'ANALYZE');
  await store.query('DROP TABLE seed_villages');
  return timings;
}
