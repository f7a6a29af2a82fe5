import { MAX_PULL_CHANGES, MAX_PULL_PAGE_BYTES, type GradeReview, type PullResponse } from '../../shared/sync/protocol';
import { certificateChangesAfter } from '../certificates/find-certificate';
import { issuerPublicKeys } from '../certificates/issuer-key';
import type { Queryable } from '../store/store';
import type { ServerQuiz } from '../courses/get-quiz-document';
import { quizCache } from './quiz-cache';

type Changes = Omit<PullResponse, 'serverEpoch'>;

/** How big one page may get: the protocol's caps, smaller in tests. */
export interface PullPageLimits {
  maxChanges: number;
  /** JSON bytes of the changes after which the page is cut; the first change always goes. */
  maxBytes: number;
}

/**
 * A learner's changes after checkpoint `since`, oldest first: attempt grades and merged lesson
 * progress (which includes what their other devices pushed). Pushes of one learner hold a lock
 * until commit, so a change_seq below the checkpoint can never appear later. The page ends at
 * `maxChanges` changes or once it passes `maxBytes` (of JSON, a quiz's review counted once),
 * whichever comes first; its checkpoint is its last change's, so the next page starts right after it.
 */
export async function readPullChanges(
  db: Queryable,
  learnerId: string,
  since: string,
  { maxChanges, maxBytes }: PullPageLimits = { maxChanges: MAX_PULL_CHANGES, maxBytes: MAX_PULL_PAGE_BYTES },
): Promise<Changes> {
  const limit = maxChanges + 1;
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
  const out: Changes = {
    checkpoint: since,
    hasMore: false,
    grades: [],
    progress: [],
    certificates: [],
    issuerKeys: await issuerPublicKeys(db),
  };
  let bytes = 0;
  const reviewed = new Set<string>();
  for (const [i, change] of all.entries()) {
    if (i === maxChanges || (i > 0 && bytes >= maxBytes)) {
      out.hasMore = true;
      break;
    }
    if ('grade' in change && change.grade) {
      const g = change.grade;
      const grade = {
        attemptId: g.id,
        quizId: g.quiz_id,
        courseId: g.course_id,
        score: g.score === null ? null : Number(g.score),
        passed: g.passed,
        graded: g.graded,
        scoreMismatch: g.score_mismatch,
        ...(g.over_limit && { overLimit: true }),
      };
      const review = g.with_review ? await reviewOf(findQuiz, g.course_id, g.course_version, g.quiz_id) : undefined;
      out.grades.push({ ...grade, ...review });
      bytes += JSON.stringify(grade).length;
      // A quiz's review is the same text in each of its grades, which gzip sends once per page: it
      // counts towards the page's bytes once.
      const quizKey = `${g.course_id}\n${g.course_version}\n${g.quiz_id}`;
      if (review && !reviewed.has(quizKey)) {
        reviewed.add(quizKey);
        bytes += JSON.stringify(review).length;
      }
    } else if ('certificate' in change) {
      out.certificates!.push(change.certificate);
      bytes += JSON.stringify(change.certificate).length;
    } else if ('progress' in change && change.progress) {
      const p = change.progress;
      const progress = {
        courseId: p.course_id,
        lessonId: p.lesson_id,
        completed: p.completed,
        position: p.position,
        positionHlc: p.position_hlc,
        hlc: p.hlc,
      };
      out.progress.push(progress);
      bytes += JSON.stringify(progress).length;
    }
    out.checkpoint = change.seq.toString();
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
