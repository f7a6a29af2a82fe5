import * as v from 'valibot';
import type { QuizRole } from '../../shared/course/manifest';
import { QuizDocumentSchema, type QuizDocument } from '../../shared/quiz/question';
import type { Queryable } from '../store/store';
import { jsonbValue } from '../store/jsonb-value';

export interface ServerQuiz {
  /** The FULL quiz document, answer keys included (ujian keys exist only here). */
  doc: QuizDocument;
  role: QuizRole;
  passScore: number | null;
}

/**
 * The server's copy of one quiz of one course version, for grading ujian attempts at sync.
 * @example const quiz = await getQuizDocument(store, 'perencanaan-pembangunan-desa', '1.0.0', 'posttest');
 */
export async function getQuizDocument(
  db: Queryable,
  courseId: string,
  version: string,
  quizId: string,
): Promise<ServerQuiz | null> {
  const { rows } = await db.query<{ doc: unknown; role: QuizRole; pass_score: string | number | null }>(
    `SELECT doc, role, pass_score FROM quiz_keys WHERE course_id = $1 AND version = $2 AND quiz_id = $3`,
    [courseId, version, quizId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    doc: v.parse(QuizDocumentSchema, jsonbValue<unknown>(row.doc)),
    role: row.role,
    passScore: row.pass_score === null ? null : Number(row.pass_score),
  };
}
