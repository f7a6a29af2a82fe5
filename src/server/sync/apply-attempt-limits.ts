import type { ServerQuiz } from '../courses/get-quiz-document';
import type { Queryable } from '../store/store';

type FindQuiz = (courseId: string, version: string, quizId: string) => Promise<ServerQuiz | null>;

/**
 * Numbers the learner's attempts at each quiz that `attemptIds` touch, by (started_at, id), and
 * marks every attempt numbered past the quiz's `maxAttempts` as over the limit: graded, not scored
 * (score and passed null), stored like any other. The number depends only on which attempts exist,
 * never on the order they arrived in, so two phones that each took "the last attempt" offline get
 * the same answer whichever syncs first; a replay adds no attempt and changes nothing. An attempt
 * can only move past the limit (an earlier one arriving later), never back. Returns the ids now over.
 * docs/quiz-policy.md tells the whole rule.
 */
export async function applyAttemptLimits(db: Queryable, attemptIds: string[], findQuiz: FindQuiz): Promise<string[]> {
  if (attemptIds.length === 0) return [];
  // Only rows whose number changed can newly pass the limit: a new attempt, or one an earlier start pushed back.
  const { rows } = await db.query<{
    id: string;
    course_id: string;
    course_version: string;
    quiz_id: string;
    attempt_number: number;
    over_limit: boolean;
    limit_applies: boolean;
  }>(
    // Incremental: a new attempt is stored unnumbered, and numbers only shift behind an attempt that
    // starts earlier, so every numbered attempt before a group's earliest unnumbered one is already
    // right. Only the group's tail from there is ranked, counting on from its predecessor's number
    // (both found through indexes), not the learner's whole history at every batch (quadratic:
    // 84 ms per batch at 10,000 attempts on PGlite, 4 ms now; docs/benchmarks.md). Rows migration 0011 left unnumbered are, like new
    // ones, numbered from the first of them. NULLS LAST: a null started_at sorts after every start.
    // MATERIALIZED: inlined, the planner ran the start lookups once per attempt of the group.
    `WITH touched AS MATERIALIZED (
       SELECT DISTINCT learner_id, course_id, quiz_id FROM attempts
        WHERE id = ANY (ARRAY(SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb)))),
     first_unnumbered AS MATERIALIZED (
       SELECT t.learner_id, t.course_id, t.quiz_id, f.started_at, f.id
         FROM touched t
         CROSS JOIN LATERAL (
           SELECT u.started_at, u.id FROM attempts u
            WHERE u.learner_id = t.learner_id AND u.course_id = t.course_id AND u.quiz_id = t.quiz_id
              AND u.attempt_number IS NULL
            ORDER BY u.started_at NULLS LAST, u.id LIMIT 1) f),
     tail_start AS MATERIALIZED (
       SELECT f.*, coalesce((
           SELECT p.attempt_number FROM attempts p
            WHERE p.learner_id = f.learner_id AND p.course_id = f.course_id AND p.quiz_id = f.quiz_id
              AND (CASE WHEN f.started_at IS NULL THEN p.started_at IS NOT NULL OR p.id < f.id
                        ELSE (p.started_at, p.id) < (f.started_at, f.id) END)
            ORDER BY p.started_at DESC NULLS FIRST, p.id DESC LIMIT 1), 0) AS base
         FROM first_unnumbered f),
     ranked AS (
       SELECT a.id, (s.base + row_number() OVER (PARTITION BY a.learner_id, a.course_id, a.quiz_id
                                                ORDER BY a.started_at NULLS LAST, a.id))::int AS n
         FROM attempts a
         JOIN tail_start s ON a.learner_id = s.learner_id AND a.course_id = s.course_id AND a.quiz_id = s.quiz_id
        WHERE (a.started_at, a.id) >= (s.started_at, s.id)
           OR (a.started_at IS NULL AND (s.started_at IS NOT NULL OR a.id >= s.id)))
     UPDATE attempts AS a SET attempt_number = r.n
       FROM ranked r
      WHERE a.id = r.id AND a.attempt_number IS DISTINCT FROM r.n
     RETURNING a.id::text AS id, a.course_id, a.course_version, a.quiz_id, a.attempt_number, a.over_limit, a.limit_applies`,
    [JSON.stringify([...new Set(attemptIds)])],
  );
  const over: string[] = [];
  for (const row of rows) {
    if (row.over_limit || !row.limit_applies) continue;
    const quiz = await findQuiz(row.course_id, row.course_version, row.quiz_id);
    const max = quiz?.policy.maxAttempts ?? null;
    if (max !== null && row.attempt_number > max) over.push(row.id);
  }
  if (over.length === 0) return [];
  // graded_at stays when it was set: the first grading time is when the result was first known.
  await db.query(
    `UPDATE attempts SET over_limit = true, score = NULL, passed = NULL, graded_at = coalesce(graded_at, now()),
            change_seq = nextval('sync_change_seq')
      WHERE id = ANY (ARRAY(SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb)))`,
    [JSON.stringify(over)],
  );
  return over;
}
