import {
  CHART_WEEKS,
  type CourseChartRow,
  type PairedScores,
  type RegionChartsResponse,
  type WeeklyActive,
} from '../../shared/monitoring/region-charts';
import type { Region } from '../regions/search-regions';
import type { Queryable, Store } from '../store/store';
import { CODE_LENGTH } from './report-figures';

const LEARNERS = (key: string) => `
learners AS (
  SELECT u.id, ${key} AS key FROM users u
  WHERE u.role = 'learner' AND u.disabled_at IS NULL AND (u.desa_code = $1 OR u.desa_code LIKE $1 || '.%')
)`;

/**
 * Paired scores: the report's gain compares a (learner, course)'s first graded pre-test with its best
 * graded post-test, so the bars do too — over the pairs that have both, never a pre-test average
 * of some learners beside a post-test average of others.
 */
const PAIRED_SQL = (key: string) => `
WITH ${LEARNERS(key)},
per_test AS (
  SELECT l.key, a.learner_id, a.course_id,
    (array_agg(a.score ORDER BY coalesce(a.started_at, a.received_at), a.id) FILTER (WHERE a.role = 'pretest'))[1] AS pre,
    max(a.score) FILTER (WHERE a.role = 'posttest') AS post
  FROM learners l JOIN attempts a ON a.learner_id = l.id
  WHERE a.role IN ('pretest', 'posttest') AND a.score IS NOT NULL
  GROUP BY l.key, a.learner_id, a.course_id
),
paired AS (SELECT * FROM per_test WHERE pre IS NOT NULL AND post IS NOT NULL)
SELECT key, count(*)::int AS pairs, round(avg(pre), 1)::float8 AS pre, round(avg(post), 1)::float8 AS post
FROM paired GROUP BY GROUPING SETS ((key), ())`;

/** Distinct learners per week of server receive time (attempts and lesson progress), from `$2`. */
const WEEKLY_SQL = `
WITH ${LEARNERS("''")},
events AS (
  SELECT a.learner_id, a.received_at AS t FROM learners l JOIN attempts a ON a.learner_id = l.id WHERE a.received_at >= $2
  UNION ALL
  SELECT p.learner_id, p.updated_at FROM learners l JOIN lesson_progress p ON p.learner_id = l.id WHERE p.updated_at >= $2
)
SELECT to_char(date_trunc('week', t AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week, count(DISTINCT learner_id)::int AS n
FROM events GROUP BY 1`;

/** Started and completed as the report defines them, per course; certificates issued and not revoked. */
const COURSES_SQL = `
WITH lessons AS (
  SELECT c.id AS course_id, count(*)::int AS n, array_agg(l.value ->> 'id') AS ids
  FROM courses c
  JOIN course_versions cv ON cv.course_id = c.id AND cv.version = c.latest_version
  CROSS JOIN LATERAL jsonb_array_elements(cv.manifest -> 'modules') m
  CROSS JOIN LATERAL jsonb_array_elements(m.value -> 'lessons') l
  WHERE c.withdrawn_at IS NULL
  GROUP BY c.id
),
${LEARNERS("''")},
per_course AS (
  SELECT p.course_id, p.learner_id,
    count(*) FILTER (WHERE p.completed AND p.lesson_id = ANY (ls.ids)) >= max(ls.n) AS complete
  FROM learners l JOIN lesson_progress p ON p.learner_id = l.id JOIN lessons ls ON ls.course_id = p.course_id
  GROUP BY p.course_id, p.learner_id
),
certs AS (
  SELECT ce.course_id, count(*)::int AS n FROM learners l JOIN certificates ce ON ce.learner_id = l.id
  WHERE ce.revoked_at IS NULL GROUP BY ce.course_id
)
SELECT c.id, c.title, count(pc.learner_id)::int AS started, (count(*) FILTER (WHERE pc.complete))::int AS completed,
  coalesce(max(certs.n), 0)::int AS certificates
FROM courses c
LEFT JOIN per_course pc ON pc.course_id = c.id
LEFT JOIN certs ON certs.course_id = c.id
WHERE c.withdrawn_at IS NULL
GROUP BY c.id, c.title
ORDER BY c.title, c.id`;

const DAY = 24 * 3600 * 1000;

/** Monday 00:00 UTC of the week holding `t`. */
function mondayOf(t: Date): Date {
  const day = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY);
}

/**
 * Everything the monitor's charts draw for one region: paired pre/post per region one level down
 * (per learner in a desa), active learners per week for `CHART_WEEKS` weeks, and per course how
 * many started, completed and were certified.
 */
export function regionCharts(store: Store, region: Region, now = new Date()): Promise<RegionChartsResponse> {
  return store.transaction(async (tx) => {
    if (store.kind === 'postgres') await tx.query('SET LOCAL jit = off');
    return buildCharts(tx, region, now);
  });
}

async function buildCharts(db: Queryable, region: Region, now: Date): Promise<RegionChartsResponse> {
  const byLearner = region.level >= 4;
  const key = byLearner ? 'u.id::text' : `left(u.desa_code, ${CODE_LENGTH[region.level + 1]!})`;
  const paired = await db.query<{ key: string | null; pairs: number; pre: number | null; post: number | null }>(
    PAIRED_SQL(key),
    [region.code],
  );
  const labels = new Map<string, string>();
  const { rows: named } = byLearner
    ? await db.query<{ key: string; label: string }>(
        `SELECT id::text AS key, name AS label FROM users
          WHERE role = 'learner' AND disabled_at IS NULL AND desa_code = $1 ORDER BY name, username`,
        [region.code],
      )
    : await db.query<{ key: string; label: string }>(
        `SELECT code AS key, name AS label FROM regions WHERE parent_code = $1 ORDER BY code`,
        [region.code],
      );
  for (const r of named) labels.set(r.key, r.label);
  const byKey = new Map(paired.rows.map((r) => [r.key ?? '', r]));
  const toScores = (k: string, label: string): PairedScores => {
    const r = byKey.get(k);
    return { key: k, label, pairs: r?.pairs ?? 0, pretestAvg: r?.pre ?? null, posttestAvg: r?.post ?? null };
  };
  // Every child region is listed, also those with no pair yet: an empty bar is information too.
  const scores = [...labels].map(([k, label]) => toScores(k, label));

  const firstWeek = new Date(mondayOf(now).getTime() - (CHART_WEEKS - 1) * 7 * DAY);
  const weekly = await db.query<{ week: string; n: number }>(WEEKLY_SQL, [region.code, firstWeek]);
  const counts = new Map(weekly.rows.map((r) => [r.week, r.n]));
  const weeklyActive: WeeklyActive[] = Array.from({ length: CHART_WEEKS }, (_, i) => {
    const weekStart = new Date(firstWeek.getTime() + i * 7 * DAY).toISOString().slice(0, 10);
    return { weekStart, learners: counts.get(weekStart) ?? 0 };
  });

  const courses = await db.query<{
    id: string;
    title: string;
    started: number;
    completed: number;
    certificates: number;
  }>(COURSES_SQL, [region.code]);
  return {
    region,
    scores,
    scoresTotal: toScores('', region.name),
    weeklyActive,
    courses: courses.rows.map((r): CourseChartRow => ({
      courseId: r.id,
      title: r.title,
      started: r.started,
      completed: r.completed,
      certificates: r.certificates,
    })),
    generatedAt: now.toISOString(),
  };
}
