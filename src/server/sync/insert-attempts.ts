import type { AttemptItem } from '../../shared/sync/sync-item';
import type { Queryable } from '../store/store';
import { toIsoOrNull } from './check-push-item';
import type { Grade } from './grade-attempts';

export interface NewAttempt {
  item: AttemptItem;
  /** The quiz's role in its course (pretest, posttest, …) from the manifest's quiz ref. */
  role: string | null;
  grade: Grade | null;
}

/** The `attempts` rows of new attempts pushed from `deviceId`, in batch order (also what `bench/ingest.ts` inserts raw). */
export function attemptRows(attempts: NewAttempt[], deviceId: string) {
  return attempts.map(({ item, role, grade }, ord) => ({
    ord,
    id: item.id,
    learner_id: item.learnerId,
    course_id: item.courseId,
    course_version: item.courseVersion,
    quiz_id: item.quizId,
    mode: item.mode,
    role,
    started_at: toIsoOrNull(item.startedAt),
    finished_at: toIsoOrNull(item.finishedAt),
    client_score: item.clientScore ?? null,
    device_id: deviceId,
    answer_ids: item.answerIds,
    graded: grade !== null,
    score: grade?.score ?? null,
    passed: grade?.passed ?? null,
    score_mismatch: grade?.mismatch ?? false,
  }));
}

/**
 * One INSERT for all new attempts of a batch, in batch order.
 * An attempt whose answers all came in the same batch arrives with its `grade` and is stored graded,
 * saving the read-back and UPDATE of `gradeAttempts`.
 */
export async function insertAttempts(db: Queryable, attempts: NewAttempt[], deviceId: string): Promise<void> {
  if (attempts.length === 0) return;
  await insertAttemptRows(db, JSON.stringify(attemptRows(attempts, deviceId)));
}

/** Inserts `JSON.stringify` of `attemptRows` in one statement; an id already stored is kept as it is. */
export async function insertAttemptRows(db: Queryable, rowsJson: string): Promise<void> {
  await db.query(
    `INSERT INTO attempts (id, learner_id, course_id, course_version, quiz_id, mode, role, started_at,
                           finished_at, client_score, device_id, answer_ids, score, passed, graded_at, score_mismatch)
     SELECT x.id, x.learner_id, x.course_id, x.course_version, x.quiz_id, x.mode, x.role, x.started_at,
            x.finished_at, x.client_score, x.device_id, x.answer_ids, x.score, x.passed,
            CASE WHEN x.graded THEN now() END, x.score_mismatch
       FROM jsonb_to_recordset($1::text::jsonb) AS x(ord int, id uuid, learner_id uuid, course_id text,
                                                     course_version text, quiz_id text, mode text, role text,
                                                     started_at timestamptz, finished_at timestamptz,
                                                     client_score numeric, device_id uuid, answer_ids jsonb,
                                                     graded boolean, score numeric, passed boolean, score_mismatch boolean)
      ORDER BY x.ord
     ON CONFLICT (id) DO NOTHING`,
    [rowsJson],
  );
}
