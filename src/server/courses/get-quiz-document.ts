import * as v from 'valibot';
import { QuizRefSchema, type QuizRole } from '../../shared/course/manifest';
import { QuizDocumentSchema, type QuizDocument } from '../../shared/quiz/question';
import { quizPolicyOf, type QuizPolicy } from '../../shared/quiz/quiz-policy';
import type { Queryable } from '../store/store';
import { jsonbValue } from '../store/jsonb-value';

export interface ServerQuiz {
  /** The FULL quiz document, answer keys included (ujian keys exist only here). */
  doc: QuizDocument;
  role: QuizRole;
  passScore: number | null;
  /** Review and attempt rules, from the quiz's reference in the signed manifest (role defaults for what it lacks). */
  policy: QuizPolicy;
}

/** The policy fields of a quiz reference; anything else in it is not needed here. */
const PolicyFieldsSchema = v.pick(QuizRefSchema, ['review', 'maxAttempts', 'waitMinutes']);

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
  // The quiz's reference is read out of the stored manifest: the pre-test, the post-test or a module's quiz.
  const { rows } = await db.query<{ doc: unknown; role: QuizRole; pass_score: string | number | null; ref: unknown }>(
    `SELECT k.doc, k.role, k.pass_score,
            CASE WHEN m.manifest->'pretest'->>'id' = k.quiz_id THEN m.manifest->'pretest'
                 WHEN m.manifest->'posttest'->>'id' = k.quiz_id THEN m.manifest->'posttest'
                 ELSE jsonb_path_query_first(m.manifest, '$.modules[*].quizzes[*] ? (@.id == $q)',
                                             jsonb_build_object('q', k.quiz_id)) END AS ref
       FROM quiz_keys k LEFT JOIN course_versions m ON m.course_id = k.course_id AND m.version = k.version
      WHERE k.course_id = $1 AND k.version = $2 AND k.quiz_id = $3`,
    [courseId, version, quizId],
  );
  const row = rows[0];
  if (!row) return null;
  const doc = v.parse(QuizDocumentSchema, jsonbValue<unknown>(row.doc));
  const ref = row.ref === null ? null : v.safeParse(PolicyFieldsSchema, jsonbValue<unknown>(row.ref));
  return {
    doc,
    role: row.role,
    passScore: row.pass_score === null ? null : Number(row.pass_score),
    policy: quizPolicyOf({ role: row.role, mode: doc.mode, ...(ref?.success ? ref.output : {}) }),
  };
}
