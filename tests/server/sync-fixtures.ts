import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { createSession } from '../../src/server/auth/sessions';
import { ensureUser } from '../../src/server/auth/users';
import type { Queryable } from '../../src/server/store/store';
import type { PushResponse } from '../../src/shared/sync/protocol';
import type { AnswerItem, AttemptItem, ProgressItem } from '../../src/shared/sync/sync-item';
import type { QuizDocument } from '../../src/shared/quiz/question';

export const COURSE = { id: 'perencanaan', version: '1.0.0' };

/** A two-question quiz: q1 single (a is right), q2 true/false (true is right). */
export function quizDoc(id: string, mode: 'latihan' | 'ujian', passScore?: number): QuizDocument {
  return {
    id,
    title: `Kuis ${id}`,
    mode,
    ...(passScore === undefined ? {} : { passScore }),
    questions: [
      {
        id: 'q1',
        type: 'single',
        text: 'RPJMDes berlaku berapa tahun?',
        choices: [
          { id: 'a', text: '6' },
          { id: 'b', text: '1' },
        ],
      },
      { id: 'q2', type: 'truefalse', text: 'RKPDes disusun tiap tahun.' },
    ],
    keys: { q1: { type: 'single', correct: 'a' }, q2: { type: 'truefalse', correct: true } },
  };
}

/**
 * The lessons of the fixture course: the server refuses progress on a lesson that no published
 * version has, so these are the lesson ids the sync tests push progress for.
 */
export const COURSE_LESSONS = [
  'l',
  'l-late',
  'legacy-1',
  'legacy-2',
  'together',
  'apart',
  ...Array.from({ length: 600 }, (_, i) => `l${i}`),
];

/**
 * Publishes a minimal course version with `COURSE_LESSONS`, a pre-test (ujian), a post-test
 * (ujian, pass 60) and a latihan.
 */
export async function seedQuizzes(db: Queryable): Promise<void> {
  await db.query(`INSERT INTO courses (id, title) VALUES ($1, 'Perencanaan') ON CONFLICT DO NOTHING`, [COURSE.id]);
  const manifest = JSON.stringify({
    id: COURSE.id,
    version: COURSE.version,
    modules: [{ id: 'm1', lessons: COURSE_LESSONS.map((id) => ({ id })), quizzes: [] }],
  });
  await db.query(
    `INSERT INTO course_versions (course_id, version, manifest, manifest_text, signature, public_key, size_bytes)
     VALUES ($1, $2, $3::text::jsonb, $3, 'test', 'test', 0) ON CONFLICT DO NOTHING`,
    [COURSE.id, COURSE.version, manifest],
  );
  const quizzes: Array<[string, 'latihan' | 'ujian', string, number | undefined]> = [
    ['pretest', 'ujian', 'pretest', undefined],
    ['posttest', 'ujian', 'posttest', 60],
    ['latihan-1', 'latihan', 'practice', undefined],
  ];
  for (const [id, mode, role, pass] of quizzes) {
    await db.query(
      `INSERT INTO quiz_keys (course_id, version, quiz_id, mode, role, pass_score, question_count, doc)
       VALUES ($1, $2, $3, $4, $5, $6, 2, $7::text::jsonb) ON CONFLICT DO NOTHING`,
      [COURSE.id, COURSE.version, id, mode, role, pass ?? null, JSON.stringify(quizDoc(id, mode, pass))],
    );
  }
}

/** A learner (or other role) with a live device token. */
export async function learnerWithToken(
  db: Queryable,
  username: string,
  role: 'learner' | 'operator' | 'admin' = 'learner',
): Promise<{ id: string; token: string; deviceId: string }> {
  const { id } = await ensureUser(db, { username, name: username, role, desaCode: '34.02.01.2001' });
  const deviceId = randomUUID();
  const { token } = await createSession(db, id, deviceId);
  return { id, token, deviceId };
}

let seq = 0;
const base = (learnerId: string) => ({ id: randomUUID(), learnerId, seq: ++seq });

export function answerItem(
  learnerId: string,
  attemptId: string,
  quizId: string,
  questionId: string,
  correct: boolean,
): AnswerItem {
  return {
    ...base(learnerId),
    kind: 'answer',
    attemptId,
    courseId: COURSE.id,
    courseVersion: COURSE.version,
    quizId,
    questionId,
    value:
      questionId === 'q1' ? { type: 'single', choice: correct ? 'a' : 'b' } : { type: 'truefalse', value: correct },
    answeredAt: Date.now(),
  };
}

/** A finished attempt with its answers; `correct` says which of q1, q2 are answered right. */
export function attemptWithAnswers(
  learnerId: string,
  quizId: string,
  correct: [boolean, boolean],
  mode: 'latihan' | 'ujian' = 'ujian',
  clientScore?: number,
): { attempt: AttemptItem; answers: AnswerItem[] } {
  const attemptId = randomUUID();
  const answers = [
    answerItem(learnerId, attemptId, quizId, 'q1', correct[0]),
    answerItem(learnerId, attemptId, quizId, 'q2', correct[1]),
  ];
  const attempt: AttemptItem = {
    learnerId,
    seq: ++seq,
    id: attemptId,
    kind: 'attempt',
    attemptId,
    courseId: COURSE.id,
    courseVersion: COURSE.version,
    quizId,
    mode,
    startedAt: Date.now() - 60_000,
    finishedAt: Date.now(),
    answerIds: answers.map((a) => a.id),
    ...(clientScore === undefined ? {} : { clientScore }),
  };
  return { attempt, answers };
}

export function progressItem(
  learnerId: string,
  lessonId: string,
  fields: { completed: boolean; position?: number; hlc: string },
): ProgressItem {
  return { ...base(learnerId), kind: 'progress', courseId: COURSE.id, lessonId, updatedAt: Date.now(), ...fields };
}

/**
 * The id and lesson ids of the newest version of a demo course on a running server (the demo
 * courses are published on its first start), for tests that push progress to a real server.
 */
export async function demoCourseLessons(
  baseUrl: string,
  token: string,
  courseId = 'perencanaan-pembangunan-desa',
): Promise<{ courseId: string; lessonIds: string[] }> {
  const res = await fetch(`${baseUrl}/api/courses/${courseId}/versions/latest`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`manifest of ${courseId}: ${res.status}`);
  const manifest = JSON.parse(((await res.json()) as { manifest: string }).manifest) as {
    modules: Array<{ lessons: Array<{ id: string }> }>;
  };
  return { courseId, lessonIds: manifest.modules.flatMap((m) => m.lessons.map((l) => l.id)) };
}

/** Request init for a push, JSON or gzip. */
export function pushInit(token: string, body: unknown, gzip = false): RequestInit {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${token}`,
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    },
    body: gzip ? gzipSync(text) : text,
  };
}

export type { PushResponse };

/** Rows stored for these ids, counted per id. */
export async function countStored(db: Queryable, ids: string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: string; n: number }>(
    `SELECT id::text AS id, count(*)::int AS n FROM sync_items
      WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb)) GROUP BY id`,
    [JSON.stringify(ids)],
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}
