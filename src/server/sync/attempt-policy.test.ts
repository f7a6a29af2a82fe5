import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../tests/server/test-app';
import { describeEachStore } from '../../../tests/server/test-stores';
import {
  attemptWithAnswers,
  COURSE,
  learnerWithToken,
  pushInit,
  quizDoc,
  type PushResponse,
} from '../../../tests/server/sync-fixtures';
import type { QuizRef } from '../../shared/course/manifest';
import type { ReviewPolicy } from '../../shared/quiz/quiz-policy';
import type { PullResponse } from '../../shared/sync/protocol';
import type { AnswerItem, AttemptItem } from '../../shared/sync/sync-item';
import type { Queryable } from '../store/store';

// The quiz policy at grading (docs/quiz-policy.md), on both stores: attempt limits, two phones
// racing for the last attempt, replays, and which pull answers carry review keys.

/** The fixture course's quizzes: [id, role, review, maxAttempts, passScore]. */
const QUIZZES: Array<[string, QuizRef['role'], ReviewPolicy, number | null, number | undefined]> = [
  ['pretest', 'pretest', 'after-posttest', 1, undefined],
  ['posttest', 'posttest', 'after-final', 2, 60],
  ['ujian-graded', 'practice', 'after-grading', 2, undefined],
  ['ujian-never', 'practice', 'never', null, undefined],
];

/** Publishes the fixture course with these policies in its manifest's quiz refs; explanations included. */
async function seedPolicyCourse(db: Queryable): Promise<void> {
  const ref = ([id, role, review, maxAttempts, passScore]: (typeof QUIZZES)[number]) => ({
    id,
    title: id,
    mode: 'ujian',
    role,
    file: '0'.repeat(64),
    questionCount: 2,
    review,
    maxAttempts,
    ...(passScore !== undefined && { passScore }),
  });
  const manifest = JSON.stringify({
    id: COURSE.id,
    version: COURSE.version,
    pretest: ref(QUIZZES[0]!),
    posttest: ref(QUIZZES[1]!),
    modules: [{ id: 'm1', lessons: [{ id: 'l' }], quizzes: QUIZZES.slice(2).map(ref) }],
  });
  await db.query(`INSERT INTO courses (id, title) VALUES ($1, 'Perencanaan')`, [COURSE.id]);
  await db.query(
    `INSERT INTO course_versions (course_id, version, manifest, manifest_text, signature, public_key, size_bytes)
     VALUES ($1, $2, $3::text::jsonb, $3, 'test', 'test', 0)`,
    [COURSE.id, COURSE.version, manifest],
  );
  for (const [id, role, , , pass] of QUIZZES) {
    const doc = { ...quizDoc(id, 'ujian', pass), explanations: { q1: `RPJM Desa berlaku 6 tahun (${id}).` } };
    await db.query(
      `INSERT INTO quiz_keys (course_id, version, quiz_id, mode, role, pass_score, question_count, doc)
       VALUES ($1, $2, $3, 'ujian', $4, $5, 2, $6::text::jsonb)`,
      [COURSE.id, COURSE.version, id, role, pass ?? null, JSON.stringify(doc)],
    );
  }
}

/** An attempt with its answers that started `startedAt` (ms). */
function attemptAt(
  learnerId: string,
  quizId: string,
  correct: [boolean, boolean],
  startedAt: number,
): { attempt: AttemptItem; answers: AnswerItem[]; items: Array<AttemptItem | AnswerItem> } {
  const { attempt, answers } = attemptWithAnswers(learnerId, quizId, correct);
  const timed = { ...attempt, startedAt, finishedAt: startedAt + 60_000 };
  return { attempt: timed, answers, items: [...answers, timed] };
}

interface AttemptRow {
  id: string;
  score: string | null;
  passed: boolean | null;
  graded: boolean;
  over_limit: boolean;
  attempt_number: number;
  change_seq: string;
}

describeEachStore('quiz policy at grading', (kind) => {
  const t = useTestApp(kind);
  let seeded: Promise<void> | undefined;
  const seed = () => (seeded ??= seedPolicyCourse(t.store));

  const push = async (token: string, deviceId: string, items: unknown[]) => {
    const res = await t.app.request('/api/sync/push', pushInit(token, { deviceId, items }));
    expect(res.status).toBe(200);
    return (await res.json()) as PushResponse;
  };
  /** The raw pull answer: its text (to search for keys) and its parsed body. */
  const pull = async (token: string, since = '0') => {
    const res = await t.app.request(`/api/sync/pull?since=${since}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    return { text, body: JSON.parse(text) as PullResponse };
  };
  const rows = async (ids: string[]) =>
    (
      await t.store.query<AttemptRow>(
        `SELECT id::text AS id, score::text AS score, passed, graded_at IS NOT NULL AS graded, over_limit,
                attempt_number, change_seq::text AS change_seq
           FROM attempts WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb))`,
        [JSON.stringify(ids)],
      )
    ).rows.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));

  it('stores the attempt past maxAttempts with its answers, graded but not scored, and flags it overLimit in the pull', async () => {
    await seed();
    const rina = await learnerWithToken(t.store, 'rina-limit');
    const t0 = Date.now() - 3_600_000;
    const tries = [0, 1, 2].map((i) => attemptAt(rina.id, 'ujian-graded', [true, true], t0 + i * 120_000));
    for (const a of tries) await push(rina.token, rina.deviceId, a.items);
    const [first, second, third] = await rows(tries.map((a) => a.attempt.id));
    expect(first).toMatchObject({ score: '100', passed: null, over_limit: false, attempt_number: 1 });
    expect(second).toMatchObject({ score: '100', over_limit: false, attempt_number: 2 });
    expect(third).toMatchObject({ score: null, passed: null, graded: true, over_limit: true, attempt_number: 3 });
    const stored = await t.store.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sync_items WHERE attempt_id = $1 OR id = $1`,
      [third!.id],
    );
    expect(stored.rows[0]!.n).toBe(3); // two answers and the attempt: nothing dropped
    const { body } = await pull(rina.token);
    expect(body.grades.find((g) => g.attemptId === third!.id)).toEqual({
      attemptId: third!.id,
      quizId: 'ujian-graded',
      courseId: COURSE.id,
      score: null,
      passed: null,
      graded: true,
      scoreMismatch: false,
      overLimit: true,
    });
  });

  it('two phones that each took the last pre-test attempt offline: the one started first counts, whichever syncs first', async () => {
    await seed();
    const start = Date.now() - 7_200_000;
    const outcomes: AttemptRow[][] = [];
    for (const order of ['earlier first', 'later first'] as const) {
      const learner = await learnerWithToken(t.store, `dua-hp-${order.replace(' ', '-')}`);
      const phoneB = await learnerWithToken(t.store, `dua-hp-b-${order.replace(' ', '-')}`);
      // Phone A started 10 minutes before phone B; B answered everything right, A half.
      const a = attemptAt(learner.id, 'pretest', [true, false], start);
      const b = attemptAt(learner.id, 'pretest', [true, true], start + 600_000);
      const pushes = [
        () => push(learner.token, learner.deviceId, a.items),
        () => push(learner.token, phoneB.deviceId, b.items),
      ];
      if (order === 'later first') pushes.reverse();
      await pushes[0]!();
      if (order === 'later first') {
        // Until A arrives, B is the only attempt and counts.
        expect((await rows([b.attempt.id]))[0]).toMatchObject({ score: '100', over_limit: false });
      }
      await pushes[1]!();
      outcomes.push(await rows([a.attempt.id, b.attempt.id]));
      const { body } = await pull(learner.token);
      expect(body.grades.find((g) => g.attemptId === b.attempt.id)).toMatchObject({ score: null, overLimit: true });
      expect(body.grades.find((g) => g.attemptId === a.attempt.id)).toMatchObject({ score: 50 });
    }
    for (const [a, b] of outcomes) {
      expect(a).toMatchObject({ score: '50', over_limit: false, attempt_number: 1 });
      expect(b).toMatchObject({ score: null, passed: null, graded: true, over_limit: true, attempt_number: 2 });
    }
  });

  it('replayed pushes change nothing: the same attempts count, with the same numbers, and no new pull changes', async () => {
    await seed();
    const eko = await learnerWithToken(t.store, 'eko-replay');
    const t0 = Date.now() - 3_600_000;
    const tries = [0, 1, 2].map((i) => attemptAt(eko.id, 'ujian-graded', [true, i > 0], t0 + i * 120_000));
    // Sent newest first, then everything again twice, in both orders.
    for (const a of [...tries].reverse()) await push(eko.token, eko.deviceId, a.items);
    const ids = tries.map((a) => a.attempt.id);
    const before = await rows(ids);
    const { body } = await pull(eko.token);
    for (const a of [...tries, ...[...tries].reverse()]) {
      const answer = await push(eko.token, eko.deviceId, a.items);
      expect(answer.results.every((r) => r.status === 'duplicate')).toBe(true);
    }
    expect(await rows(ids)).toEqual(before);
    expect(before.map((r) => [r.attempt_number, r.over_limit])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    const after = await pull(eko.token, body.checkpoint);
    expect(after.body.grades).toEqual([]);
  });

  it('an attempt started between numbered ones, arriving later with a newer one, renumbers only those after it', async () => {
    await seed();
    const sari = await learnerWithToken(t.store, 'sari-middle');
    const t0 = Date.now() - 3_600_000;
    const tries = [0, 1, 2, 3, 4].map((i) => attemptAt(sari.id, 'ujian-graded', [true, true], t0 + i * 120_000));
    const [a, b, c, d, e] = tries as [
      (typeof tries)[0],
      (typeof tries)[0],
      (typeof tries)[0],
      (typeof tries)[0],
      (typeof tries)[0],
    ];
    for (const x of [a, b, d]) await push(sari.token, sari.deviceId, x.items);
    const ids = tries.map((x) => x.attempt.id);
    const [firstBefore, secondBefore] = await rows(ids);
    await push(sari.token, sari.deviceId, [...c.items, ...e.items]);
    const after = await rows(ids);
    expect(after.map((r) => [r.attempt_number, r.over_limit])).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, true],
      [5, true],
    ]);
    // The two before the late arrival were not touched: no new pull change for them.
    expect(after[0]).toEqual(firstBefore);
    expect(after[1]).toEqual(secondBefore);
  });

  it('an attempt stored before the limits existed counts towards the limit but keeps its score', async () => {
    await seed();
    const lama = await learnerWithToken(t.store, 'lama-legacy');
    const t0 = Date.now() - 7_200_000;
    const old = [0, 1].map((i) => attemptAt(lama.id, 'pretest', [true, true], t0 + i * 60_000));
    for (const a of old) await push(lama.token, lama.deviceId, a.items);
    // What migration 0011 leaves on rows it finds: not numbered, not over, no limit applied.
    const oldIds = old.map((a) => a.attempt.id);
    await t.store.query(
      `UPDATE attempts SET attempt_number = NULL, over_limit = false, limit_applies = false, score = 100, passed = NULL
        WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb))`,
      [JSON.stringify(oldIds)],
    );
    const next = attemptAt(lama.id, 'pretest', [true, true], t0 + 600_000);
    await push(lama.token, lama.deviceId, next.items);
    const [first, second, third] = await rows([...oldIds, next.attempt.id]);
    expect(first).toMatchObject({ score: '100', over_limit: false, attempt_number: 1 });
    expect(second).toMatchObject({ score: '100', over_limit: false, attempt_number: 2 });
    expect(third).toMatchObject({ score: null, over_limit: true, attempt_number: 3 });
  });

  describe('raw pull answers carry review keys only when the policy allows', () => {
    it('after-grading: the graded attempt comes with its keys and explanations; one past the limit without', async () => {
      await seed();
      const dewi = await learnerWithToken(t.store, 'dewi-review');
      const t0 = Date.now() - 3_600_000;
      const tries = [0, 1, 2].map((i) => attemptAt(dewi.id, 'ujian-graded', [false, true], t0 + i * 120_000));
      for (const a of tries) await push(dewi.token, dewi.deviceId, a.items);
      const { body } = await pull(dewi.token);
      const [one, two, three] = tries.map((a) => body.grades.find((g) => g.attemptId === a.attempt.id)!);
      for (const g of [one, two]) {
        expect(g!.review).toEqual({
          keys: { q1: { type: 'single', correct: 'a' }, q2: { type: 'truefalse', correct: true } },
          explanations: { q1: 'RPJM Desa berlaku 6 tahun (ujian-graded).' },
        });
      }
      expect(three).toMatchObject({ overLimit: true });
      expect(three).not.toHaveProperty('review');
    });

    it('never: no pull answer ever carries the keys', async () => {
      await seed();
      const budi = await learnerWithToken(t.store, 'budi-never');
      const t0 = Date.now() - 3_600_000;
      for (let i = 0; i < 3; i++) {
        await push(budi.token, budi.deviceId, attemptAt(budi.id, 'ujian-never', [true, true], t0 + i * 1000).items);
      }
      const { text, body } = await pull(budi.token);
      expect(body.grades).toHaveLength(3);
      expect(body.grades.every((g) => g.score === 100 && g.review === undefined)).toBe(true);
      expect(text).not.toContain('"keys"');
      expect(text).not.toContain('"correct"');
      expect(text).not.toContain('RPJM Desa berlaku');
    });

    it('after-posttest: the pre-test has no keys until the post-test is graded, then its grade comes again with them', async () => {
      await seed();
      const sari = await learnerWithToken(t.store, 'sari-pre-post');
      const t0 = Date.now() - 3_600_000;
      const pre = attemptAt(sari.id, 'pretest', [false, true], t0);
      await push(sari.token, sari.deviceId, pre.items);
      const first = await pull(sari.token);
      expect(first.body.grades).toEqual([expect.objectContaining({ attemptId: pre.attempt.id, score: 50 })]);
      expect(first.text).not.toContain('"keys"');
      expect(first.text).not.toContain('"correct"');
      // The post-test's first attempt fails: graded, so the pre-test's review is released; the
      // post-test's own (after-final) waits, one attempt is left.
      const post1 = attemptAt(sari.id, 'posttest', [false, true], t0 + 600_000);
      await push(sari.token, sari.deviceId, post1.items);
      const second = await pull(sari.token, first.body.checkpoint);
      const preAgain = second.body.grades.find((g) => g.attemptId === pre.attempt.id);
      expect(preAgain).toMatchObject({ score: 50, review: { keys: { q1: { type: 'single', correct: 'a' } } } });
      const postGrade = second.body.grades.find((g) => g.attemptId === post1.attempt.id);
      expect(postGrade).toMatchObject({ score: 50, passed: false });
      expect(postGrade).not.toHaveProperty('review');
      expect(second.text).not.toContain('(posttest)');
    });

    it('after-final: a post-test review comes once it is passed or the last attempt is used, for every attempt', async () => {
      await seed();
      const adi = await learnerWithToken(t.store, 'adi-final');
      const t0 = Date.now() - 3_600_000;
      const post1 = attemptAt(adi.id, 'posttest', [false, false], t0);
      await push(adi.token, adi.deviceId, post1.items);
      const first = await pull(adi.token);
      expect(first.text).not.toContain('"keys"');
      const post2 = attemptAt(adi.id, 'posttest', [false, true], t0 + 600_000);
      await push(adi.token, adi.deviceId, post2.items);
      const second = await pull(adi.token, first.body.checkpoint);
      for (const a of [post1, post2]) {
        expect(second.body.grades.find((g) => g.attemptId === a.attempt.id)).toMatchObject({
          passed: false,
          review: { explanations: { q1: 'RPJM Desa berlaku 6 tahun (posttest).' } },
        });
      }

      const lulus = await learnerWithToken(t.store, 'lulus-final');
      const passed = attemptAt(lulus.id, 'posttest', [true, true], t0);
      await push(lulus.token, lulus.deviceId, passed.items);
      const { body } = await pull(lulus.token);
      expect(body.grades[0]).toMatchObject({ passed: true, review: { keys: { q2: { correct: true } } } });
    });
  });
});
