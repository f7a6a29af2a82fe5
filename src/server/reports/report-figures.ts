import type { ReportFigures } from '../../shared/monitoring/region-report';
import type { Queryable } from '../store/store';

/** Length of a code at each level: 34 | 34.02 | 34.02.01 | 34.02.01.2001. */
export const CODE_LENGTH = [0, 2, 5, 8, 13] as const;

/**
 * Every report figure for the learners whose desa lies in `regionCode`, grouped by `groupBy`
 * (`child` = the region one level down, `learner` = each learner) plus a total row (key null).
 * One statement: the learner set is selected once by desa prefix and every other table is reached
 * through it by learner id, so a kabupaten costs its own rows only (see bench/report-query.ts).
 */
const FIGURES_SQL = (groupKey: string) => `
WITH lessons AS (
  SELECT c.id AS course_id, count(*)::int AS n, array_agg(l.value ->> 'id') AS ids
  FROM courses c
  JOIN course_versions cv ON cv.course_id = c.id AND cv.version = c.latest_version
  CROSS JOIN LATERAL jsonb_array_elements(cv.manifest -> 'modules') m
  CROSS JOIN LATERAL jsonb_array_elements(m.value -> 'lessons') l
  WHERE c.withdrawn_at IS NULL
  GROUP BY c.id
),
-- Every lesson of every published version: progress on a lesson id that is in none of them never
-- counts (a made-up id cannot inflate "lessons completed").
published_lessons AS (
  SELECT DISTINCT cv.course_id, l.value ->> 'id' AS lesson_id
  FROM course_versions cv
  CROSS JOIN LATERAL jsonb_array_elements(coalesce(cv.manifest -> 'modules', '[]')) m
  CROSS JOIN LATERAL jsonb_array_elements(coalesce(m.value -> 'lessons', '[]')) l
),
learners AS (
  SELECT u.id, ${groupKey} AS key FROM users u
  WHERE u.role = 'learner' AND u.disabled_at IS NULL AND (u.desa_code = $1 OR u.desa_code LIKE $1 || '.%')
),
per_learner AS (
  SELECT l.key,
    (EXISTS (SELECT 1 FROM attempts a WHERE a.learner_id = l.id AND a.received_at >= now() - interval '30 days')
      OR EXISTS (SELECT 1 FROM lesson_progress p WHERE p.learner_id = l.id AND p.updated_at >= now() - interval '30 days')
    ) AS active,
    (SELECT max(d.last_sync_at) FROM devices d WHERE d.user_id = l.id) AS last_sync,
    (SELECT count(*) FROM lesson_progress p WHERE p.learner_id = l.id AND p.completed
       AND (p.course_id, p.lesson_id) IN (SELECT course_id, lesson_id FROM published_lessons)) AS lessons_done,
    (SELECT count(*) FROM certificates c WHERE c.learner_id = l.id AND c.revoked_at IS NULL) AS certificates
  FROM learners l
),
per_course AS (
  -- LATERAL keeps this an index lookup per learner; a plain join lets the planner hash all progress.
  SELECT l.key, pc.complete
  FROM learners l
  CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE p.completed AND p.lesson_id = ANY (ls.ids)) >= max(ls.n) AS complete
    FROM lesson_progress p JOIN lessons ls ON ls.course_id = p.course_id
    WHERE p.learner_id = l.id
    GROUP BY p.course_id
  ) pc
),
per_test AS (
  SELECT l.key, a.learner_id, a.course_id,
    (array_agg(a.score ORDER BY coalesce(a.started_at, a.received_at), a.id) FILTER (WHERE a.role = 'pretest'))[1] AS pre,
    max(a.score) FILTER (WHERE a.role = 'posttest') AS post
  FROM learners l
  JOIN attempts a ON a.learner_id = l.id
  WHERE a.role IN ('pretest', 'posttest') AND a.score IS NOT NULL
  GROUP BY l.key, a.learner_id, a.course_id
),
g_learner AS (
  SELECT key, count(*)::int AS learners, (count(*) FILTER (WHERE active))::int AS active30d,
    coalesce(sum(lessons_done), 0)::int AS lessons_completed, max(last_sync) AS last_sync_at,
    (count(*) FILTER (WHERE last_sync IS NULL))::int AS never_synced,
    coalesce(sum(certificates), 0)::int AS certificates
  FROM per_learner GROUP BY GROUPING SETS ((key), ())
),
g_course AS (
  SELECT key, count(*)::int AS started, (count(*) FILTER (WHERE complete))::int AS completed
  FROM per_course GROUP BY GROUPING SETS ((key), ())
),
g_test AS (
  SELECT key, round(avg(pre), 1)::float8 AS pre, round(avg(post), 1)::float8 AS post,
    round(avg(post - pre), 1)::float8 AS gain
  FROM per_test GROUP BY GROUPING SETS ((key), ())
)
SELECT gl.key, gl.learners, gl.active30d, gl.lessons_completed, gl.last_sync_at, gl.never_synced, gl.certificates,
  coalesce(gc.started, 0) AS started, coalesce(gc.completed, 0) AS completed, gt.pre, gt.post, gt.gain
FROM g_learner gl
LEFT JOIN g_course gc ON gc.key IS NOT DISTINCT FROM gl.key
LEFT JOIN g_test gt ON gt.key IS NOT DISTINCT FROM gl.key`;

interface FiguresRow {
  key: string | null;
  learners: number;
  active30d: number;
  lessons_completed: number;
  last_sync_at: Date | string | null;
  never_synced: number;
  certificates: number;
  started: number;
  completed: number;
  pre: number | null;
  post: number | null;
  gain: number | null;
}

/** Figures of a region with nobody enrolled. */
export const EMPTY_FIGURES: ReportFigures = {
  learners: 0,
  active30d: 0,
  lessonsCompleted: 0,
  coursesStarted: 0,
  coursesCompleted: 0,
  completionPct: null,
  pretestAvg: null,
  posttestAvg: null,
  gain: null,
  lastSyncAt: null,
  neverSynced: 0,
  certificates: 0,
};

const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString());

/**
 * Report figures for `regionCode`, keyed by child region code (`by: 'child'`, children at
 * `childLevel`) or by learner id (`by: 'learner'`); the key `''` holds the region's total.
 * @example const figures = await reportFigures(db, '34.02', { by: 'child', childLevel: 3 })
 */
export async function reportFigures(
  db: Queryable,
  regionCode: string,
  group: { by: 'child'; childLevel: number } | { by: 'learner' },
): Promise<Map<string, ReportFigures>> {
  const groupKey = group.by === 'learner' ? 'u.id::text' : `left(u.desa_code, ${CODE_LENGTH[group.childLevel]!})`;
  const { rows } = await db.query<FiguresRow>(FIGURES_SQL(groupKey), [regionCode]);
  const result = new Map<string, ReportFigures>();
  for (const r of rows) {
    result.set(r.key ?? '', {
      learners: r.learners,
      active30d: r.active30d,
      lessonsCompleted: r.lessons_completed,
      coursesStarted: r.started,
      coursesCompleted: r.completed,
      completionPct: r.started > 0 ? Math.round((1000 * r.completed) / r.started) / 10 : null,
      pretestAvg: r.pre,
      posttestAvg: r.post,
      gain: r.gain,
      lastSyncAt: iso(r.last_sync_at),
      neverSynced: r.never_synced,
      certificates: r.certificates,
    });
  }
  return result;
}
