import { expect, it } from 'vitest';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import { findRegion } from '../regions/search-regions';
import { regionReport } from '../reports/region-report';
import { seedLarge } from './seed-large';

// The real run (80,000 / 40,000 / 2,000,000) is `npm run seed:large`; this checks the same SQL small.
describeEachStore('seedLarge', (kind) => {
  const t = useTestApp(kind);
  const small = { learners: 40, villages: 20, attempts: 400, lessonsPerLearner: 6 };

  it('creates the asked numbers: two learners per desa, one device each, a pre- and a post-test per learner', async () => {
    await seedLarge(t.store, small);
    const { rows } = await t.store.query(
      `SELECT (SELECT count(*)::int FROM users WHERE role = 'learner') AS learners,
              (SELECT count(DISTINCT desa_code)::int FROM users WHERE role = 'learner') AS villages,
              (SELECT count(*)::int FROM devices) AS devices,
              (SELECT count(*)::int FROM lesson_progress) AS progress,
              (SELECT count(*)::int FROM attempts) AS attempts,
              (SELECT count(*)::int FROM attempts WHERE role = 'pretest') AS pre,
              (SELECT count(*)::int FROM attempts WHERE role = 'posttest') AS post`,
    );
    expect(rows[0]).toEqual({
      learners: 40,
      villages: 20,
      devices: 40,
      progress: 240,
      attempts: 400,
      pre: 40,
      post: 40,
    });
  });

  it('is deterministic and idempotent: a second run adds nothing', async () => {
    const before = await t.store.query(`SELECT id, score FROM attempts ORDER BY id`);
    await seedLarge(t.store, small);
    expect(await t.store.query(`SELECT id, score FROM attempts ORDER BY id`)).toEqual(before);
  });

  it('gives the report of its first kabupaten every learner there', async () => {
    const first = await t.store.query<{ code: string; n: number }>(
      `SELECT left(desa_code, 5) AS code, count(*)::int AS n FROM users WHERE role = 'learner' GROUP BY 1 ORDER BY 1 LIMIT 1`,
    );
    const report = await regionReport(t.store, (await findRegion(t.store, first.rows[0]!.code))!);
    expect(report.totals.learners).toBe(first.rows[0]!.n);
    expect(report.totals.coursesStarted).toBe(first.rows[0]!.n);
    expect(report.totals.pretestAvg).not.toBeNull();
  });
});

describeEachStore('seedLarge with answers (the year data set of docs/scale.md)', (kind) => {
  const t = useTestApp(kind);

  it('stores every answer and attempt item in sync_items as a push would, the attempt listing its answers', async () => {
    await seedLarge(t.store, {
      learners: 10,
      villages: 5,
      attempts: 50,
      lessonsPerLearner: 2,
      answersPerAttempt: 3,
      spreadDays: 365,
    });
    const { rows } = await t.store.query(
      `SELECT (SELECT count(*)::int FROM sync_items WHERE kind = 'answer') AS answers,
              (SELECT count(*)::int FROM sync_items WHERE kind = 'attempt') AS attempts,
              (SELECT count(*)::int FROM attempts WHERE jsonb_array_length(answer_ids) = 3) AS listed,
              (SELECT count(*)::int FROM sync_items s JOIN attempts a ON a.id = s.attempt_id
                 WHERE s.kind = 'answer' AND a.answer_ids ? s.id::text AND s.item->>'attemptId' = a.id::text) AS linked,
              (SELECT count(DISTINCT (learner_id, device_seq))::int FROM sync_items) AS distinct_seqs`,
    );
    expect(rows[0]).toEqual({ answers: 150, attempts: 50, listed: 50, linked: 150, distinct_seqs: 200 });
  });
});
