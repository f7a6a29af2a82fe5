import { MAX_PULL_CHANGES, type GradeReview, type PullResponse } from '../../shared/sync/protocol';
import { certificateChangesAfter } from '../certificates/find-certificate';
import { issuerPublicKeys } from '../certificates/issuer-key';
import type { Queryable } from '../store/store';
import type { ServerQuiz } from '../courses/get-quiz-document';
import { quizCache } from './quiz-cache';

type Changes = Omit<PullResponse, 'serverEpoch'>;

/**
 * A learner's changes after checkpoint `since`, oldest first: attempt grades and merged lesson
 * progress (which includes what their other devices pushed). Pushes of one learner hold a lock
 * until commit, so a change_seq below the checkpoint can never appear later.
 */
export async function readPullChanges(db: Queryable, learnerId: string, since: string): Promise<Changes> {
  const limit = MAX_PULL_CHANGES + 1;
  const findQuiz = quizCache(db);
  const grades = await db.query<{
    id: string;
    quiz_id: string;
    course_id: string;
    score: string | number | null;
    passed: boolean | null;
    graded: boolean;
    score_mismatch: boolean;
    course_version: string;
    over_limit: boolean;
    with_review: boolean;
    seq: string;
  }>(
    `SELECT id::text AS id, quiz_id, course_id, score, passed, graded_at IS NOT NULL AS graded, score_mismatch,
            course_version, over_limit,
            review_released_at IS NOT NULL AND NOT over_limit AND mode = 'ujian' AS with_review,
            change_seq::text AS seq
       FROM attempts WHERE learner_id = $1 AND change_seq > $2::bigint ORDER BY change_seq LIMIT $3`,
    [learnerId, since, limit],
  );
  const progress = await db.query<{
    course_id: string;
    lesson_id: string;
    completed: boolean;
    position: number | null;
    position_hlc: string | null;
    hlc: string;
    seq: string;
  }>(
    `SELECT course_id, lesson_id, completed, position, position_hlc, hlc, change_seq::text AS seq
       FROM lesson_progress WHERE learner_id = $1 AND change_seq > $2::bigint ORDER BY change_seq LIMIT $3`,
    [learnerId, since, limit],
  );
  // Issued and revoked certificates share change_seq with grades, so one checkpoint covers all three.
  const certificates = await certificateChangesAfter(db, learnerId, since, limit);
  const all = [
    ...grades.rows.map((r) => ({ seq: BigInt(r.seq), grade: r })),
    ...progress.rows.map((r) => ({ seq: BigInt(r.seq), progress: r })),
    ...certificates,
  ].sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  const page = all.slice(0, MAX_PULL_CHANGES);
  const out: Changes = {
    checkpoint: page.length > 0 ? page[page.length - 1]!.seq.toString() : since,
    hasMore: all.length > MAX_PULL_CHANGES,
    grades: [],
    progress: [],
    certificates: [],
    issuerKeys: await issuerPublicKeys(db),
  };
  for (const change of page) {
    if ('grade' in change && change.grade) {
      const g = change.grade;
      out.grades.push({
        attemptId: g.id,
        quizId: g.quiz_id,
        courseId: g.course_id,
        score: g.score === null ? null : Number(g.score),
        passed: g.passed,
        graded: g.graded,
        scoreMismatch: g.score_mismatch,
        ...(g.over_limit && { overLimit: true }),
        ...(g.with_review && (await reviewOf(findQuiz, g.course_id, g.course_version, g.quiz_id))),
      });
    } else if ('certificate' in change) {
      out.certificates!.push(change.certificate);
    } else if ('progress' in change && change.progress) {
      const p = change.progress;
      out.progress.push({
        courseId: p.course_id,
        lessonId: p.lesson_id,
        completed: p.completed,
        position: p.position,
        positionHlc: p.position_hlc,
        hlc: p.hlc,
      });
    }
  }
  return out;
}

/**
 * The review of a graded ujian whose policy released it: the keys and explanations of the quiz's
 * questions, read from the server's full copy. Nothing when the quiz is gone (withdrawn).
 */
async function reviewOf(
  findQuiz: (courseId: string, version: string, quizId: string) => Promise<ServerQuiz | null>,
  courseId: string,
  version: string,
  quizId: string,
): Promise<{ review: GradeReview } | undefined> {
  const quiz = await findQuiz(courseId, version, quizId);
  if (!quiz?.doc.keys) return undefined;
  const ids = quiz.doc.questions.map((q) => q.id);
  const keys = Object.fromEntries(ids.flatMap((id) => (quiz.doc.keys?.[id] ? [[id, quiz.doc.keys[id]]] : [])));
  const explanations = Object.fromEntries(
    ids.flatMap((id) => (quiz.doc.explanations?.[id] !== undefined ? [[id, quiz.doc.explanations[id]]] : [])),
  );
  return { review: { keys, ...(Object.keys(explanations).length > 0 && { explanations }) } };
}
