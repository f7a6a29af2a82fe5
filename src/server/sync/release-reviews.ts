import type { ReviewPolicy } from '../../shared/quiz/quiz-policy';
import type { ServerQuiz } from '../courses/get-quiz-document';
import type { Queryable } from '../store/store';

type FindQuiz = (courseId: string, version: string, quizId: string) => Promise<ServerQuiz | null>;

/** What the learner's other attempts say, the facts a review policy waits for. */
interface Facts {
  /** A scored (not over-limit) post-test attempt in the same course. */
  posttestScored: boolean;
  /** A scored attempt at this quiz that passed. */
  passedHere: boolean;
  /** Scored attempts at this quiz. */
  scoredHere: number;
}

/**
 * Whether a scored ujian attempt's keys may go to the phone now, under its quiz's review policy.
 * @example reviewAllowed('after-final', 3, { posttestScored: false, passedHere: true, scoredHere: 1 }) // true
 */
export function reviewAllowed(policy: ReviewPolicy, maxAttempts: number | null, facts: Facts): boolean {
  switch (policy) {
    case 'after-grading':
      return true;
    case 'after-final':
      return facts.passedHere || (maxAttempts !== null && facts.scoredHere >= maxAttempts);
    case 'after-posttest':
      return facts.posttestScored;
    case 'never':
      return false;
  }
}

/**
 * Releases the review (keys and explanations with the grade) of every scored ujian attempt, in
 * the courses `attemptIds` touch, whose policy now allows it — the attempt just graded, and
 * earlier ones that waited for it (a pre-test waiting for the post-test, a post-test waiting to be
 * final). A released attempt gets a new change_seq, so the next pull carries its grade again, now
 * with the review. Returns the released ids.
 */
export async function releaseReviews(db: Queryable, attemptIds: string[], findQuiz: FindQuiz): Promise<string[]> {
  if (attemptIds.length === 0) return [];
  const { rows } = await db.query<{
    id: string;
    course_id: string;
    course_version: string;
    quiz_id: string;
    posttest_scored: boolean;
    passed_here: boolean;
    scored_here: number;
  }>(
    // The facts come from one grouped pass over the touched learners' attempts in those courses, not
    // three correlated subqueries per waiting attempt: attempts under a 'never' policy wait forever,
    // so per-attempt subqueries grew with the square of a learner's history. `= ANY (ARRAY(…))`
    // keeps the id lookup on the primary key (see grade-attempts.ts).
    `WITH touched AS (
       SELECT DISTINCT learner_id, course_id FROM attempts
        WHERE id = ANY (ARRAY(SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb)))),
     mine AS (
       SELECT a.* FROM attempts a JOIN touched t ON a.learner_id = t.learner_id AND a.course_id = t.course_id),
     per_quiz AS (
       SELECT learner_id, course_id, quiz_id,
              bool_or(passed IS TRUE AND NOT over_limit) AS passed_here,
              (count(*) FILTER (WHERE score IS NOT NULL AND NOT over_limit))::int AS scored_here
         FROM mine GROUP BY learner_id, course_id, quiz_id),
     per_course AS (
       SELECT learner_id, course_id,
              bool_or(role IS NOT DISTINCT FROM 'posttest' AND score IS NOT NULL AND NOT over_limit) AS posttest_scored
         FROM mine GROUP BY learner_id, course_id)
     SELECT a.id::text AS id, a.course_id, a.course_version, a.quiz_id,
            c.posttest_scored, q.passed_here, q.scored_here
       FROM mine a
       JOIN per_quiz q ON q.learner_id = a.learner_id AND q.course_id = a.course_id AND q.quiz_id = a.quiz_id
       JOIN per_course c ON c.learner_id = a.learner_id AND c.course_id = a.course_id
      WHERE a.mode = 'ujian' AND a.review_released_at IS NULL AND a.score IS NOT NULL AND NOT a.over_limit`,
    [JSON.stringify([...new Set(attemptIds)])],
  );
  const released: string[] = [];
  for (const row of rows) {
    const quiz = await findQuiz(row.course_id, row.course_version, row.quiz_id);
    if (!quiz) continue;
    const facts = { posttestScored: row.posttest_scored, passedHere: row.passed_here, scoredHere: row.scored_here };
    if (reviewAllowed(quiz.policy.review, quiz.policy.maxAttempts, facts)) released.push(row.id);
  }
  if (released.length === 0) return [];
  await db.query(
    `UPDATE attempts SET review_released_at = now(), change_seq = nextval('sync_change_seq')
      WHERE id = ANY (ARRAY(SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb)))`,
    [JSON.stringify(released)],
  );
  return released;
}
