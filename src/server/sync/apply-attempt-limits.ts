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
    `WITH touched AS (
       SELECT DISTINCT learner_id, course_id, quiz_id FROM attempts
        WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb))),
     ranked AS (
       SELECT a.id, row_number() OVER (PARTITION BY a.learner_id, a.course_id, a.quiz_id
                                      ORDER BY a.started_at NULLS LAST, a.id)::int AS n
         FROM attempts a
         JOIN touched t ON a.learner_id = t.learner_id AND a.course_id = t.course_id AND a.quiz_id = t.quiz_id)
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
      WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb))`,
    [JSON.stringify(over)],
  );
  return over;
}
