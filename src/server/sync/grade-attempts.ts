import { scoreQuiz } from '../../shared/quiz/score-quiz';
import type { AnswerValue } from '../../shared/quiz/question';
import type { AnswerItem } from '../../shared/sync/sync-item';
import type { ServerQuiz } from '../courses/get-quiz-document';
import type { Queryable } from '../store/store';

/** Scores that differ by less than this are rounding, not a mismatch. */
const MISMATCH_TOLERANCE = 0.01;

type FindQuiz = (courseId: string, version: string, quizId: string) => Promise<ServerQuiz | null>;

/**
 * Grades every ungraded attempt among `attemptIds` whose attempt item and all of its listed answer
 * items have arrived (they may come in different batches, in any order). Ujian is graded only
 * here; latihan is re-graded and a different phone score is flagged as `score_mismatch`.
 */
export async function gradeAttempts(db: Queryable, attemptIds: string[], findQuiz: FindQuiz): Promise<number> {
  if (attemptIds.length === 0) return 0;
  const { rows } = await db.query<{
    id: string;
    learner_id: string;
    course_id: string;
    course_version: string;
    quiz_id: string;
    answer_ids: unknown;
    client_score: string | number | null;
  }>(
    `SELECT id::text AS id, learner_id::text AS learner_id, course_id, course_version, quiz_id, answer_ids, client_score
       FROM attempts
      WHERE graded_at IS NULL AND id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb))`,
    [JSON.stringify([...new Set(attemptIds)])],
  );
  let graded = 0;
  for (const attempt of rows) {
    const answerIds = (
      typeof attempt.answer_ids === 'string' ? JSON.parse(attempt.answer_ids) : attempt.answer_ids
    ) as string[];
    const answers = await db.query<{ item: unknown }>(
      `SELECT item FROM sync_items
        WHERE kind = 'answer' AND learner_id = $1 AND attempt_id = $2
          AND id IN (SELECT value::uuid FROM jsonb_array_elements_text($3::text::jsonb))`,
      [attempt.learner_id, attempt.id, JSON.stringify(answerIds)],
    );
    if (answers.rows.length < new Set(answerIds.map((id) => id.toLowerCase())).size) continue; // more to come
    const quiz = await findQuiz(attempt.course_id, attempt.course_version, attempt.quiz_id);
    if (!quiz) continue; // checked on arrival; a withdrawn quiz stays ungraded rather than wrongly graded
    // The newest answer per question counts, whatever order they were listed or arrived in.
    const byQuestion: Record<string, { value: AnswerValue; at: number }> = {};
    for (const row of answers.rows) {
      const a = (typeof row.item === 'string' ? JSON.parse(row.item) : row.item) as AnswerItem;
      const prev = byQuestion[a.questionId];
      if (!prev || a.answeredAt >= prev.at) byQuestion[a.questionId] = { value: a.value, at: a.answeredAt };
    }
    const values = Object.fromEntries(Object.entries(byQuestion).map(([q, a]) => [q, a.value]));
    const score = scoreQuiz(quiz.doc, values).percent;
    const passScore = quiz.passScore ?? quiz.doc.passScore ?? null;
    const clientScore = attempt.client_score === null ? null : Number(attempt.client_score);
    await db.query(
      `UPDATE attempts SET score = $2, passed = $3, graded_at = now(), score_mismatch = $4,
              change_seq = nextval('sync_change_seq')
        WHERE id = $1`,
      [
        attempt.id,
        score,
        passScore === null ? null : score >= passScore,
        clientScore !== null && Math.abs(clientScore - score) > MISMATCH_TOLERANCE,
      ],
    );
    graded++;
  }
  return graded;
}
