import { quizFileToDocument } from '../../cli/course/quiz-file-to-document';
import { CourseBuildError } from '../../cli/course/course-build-error';
import { quizDraftIssues, type QuizDraft } from '../../shared/authoring/quiz-draft';
import type { QuizFileFormat } from '../../shared/quiz-import/import-quiz-file';
import { ApiProblem } from '../http/api-problem';
import type { Queryable } from '../store/store';
import { touchDraft } from './get-draft';

// A quiz from the question editor is kept as the JSON QuizDocument the CLI's build reads
// (`quizzes/<id>.json`), so preview and publish build it exactly as an imported one. The format
// column of migration 0015 only names gift and aiken; an editor quiz is told apart by its file
// name, `<id>.json` (see isEditorQuiz), until a migration gives it a format of its own.

/** True for a quiz row written by the editor (its source is QuizDocument JSON). */
export const isEditorQuiz = (fileName: string) => fileName.endsWith('.json');

interface QuizRow {
  title: string;
  mode: QuizDraft['mode'];
  role: QuizDraft['role'];
  format: string;
  file_name: string;
  source: string;
}

/**
 * Checks a quiz from the editor with the importer's rules and keeps it in the draft under its id
 * (a new one, or replacing an imported or edited one). A refusal is 422 `quiz_invalid` with every
 * question at fault in `details.issues`.
 */
export async function saveDraftQuiz(
  db: Queryable,
  courseId: string,
  quizId: string,
  quiz: QuizDraft,
): Promise<{ id: string; questionCount: number }> {
  await touchDraft(db, courseId);
  const issues = quizDraftIssues(quiz);
  const first = issues[0];
  if (first) {
    const where = first.question >= 0 ? `question ${first.question + 1}` : 'the quiz';
    throw new ApiProblem(422, 'quiz_invalid', `${where}: ${first.code}`, { issues });
  }
  // Only the keys and explanations of questions still in the quiz are kept.
  const ids = new Set(quiz.questions.map((q) => q.id));
  const pick = <T>(record: Record<string, T> | undefined) =>
    Object.fromEntries(Object.entries(record ?? {}).filter(([id]) => ids.has(id)));
  const explanations = pick(quiz.explanations);
  const document = {
    questions: quiz.questions,
    keys: pick(quiz.keys),
    ...(Object.keys(explanations).length > 0 ? { explanations } : {}),
    ...(quiz.mode === 'ujian' && quiz.passScore !== undefined ? { passScore: quiz.passScore } : {}),
  };
  await db.query(
    `INSERT INTO authoring_quizzes (course_id, id, position, title, mode, role, format, file_name, source, question_count)
     VALUES ($1, $2, (SELECT COALESCE(MAX(position) + 1, 0) FROM authoring_quizzes WHERE course_id = $1), $3, $4, $5, 'gift', $6, $7, $8)
     ON CONFLICT (course_id, id) DO UPDATE SET title = $3, mode = $4, role = $5, format = 'gift', file_name = $6, source = $7, question_count = $8`,
    [
      courseId,
      quizId,
      quiz.title,
      quiz.mode,
      quiz.role,
      `${quizId}.json`,
      JSON.stringify(document),
      quiz.questions.length,
    ],
  );
  return { id: quizId, questionCount: quiz.questions.length };
}

/**
 * A draft's quiz in the editor's shape, whether it was imported (read again with the shared
 * parser, ids as the build gives them) or written in the editor; 404 `not_found` when absent.
 */
export async function getDraftQuiz(db: Queryable, courseId: string, quizId: string): Promise<QuizDraft> {
  await touchDraft(db, courseId);
  const { rows } = await db.query<QuizRow>(
    `SELECT title, mode, role, format, file_name, source FROM authoring_quizzes WHERE course_id = $1 AND id = $2`,
    [courseId, quizId],
  );
  const row = rows[0];
  if (!row) throw new ApiProblem(404, 'not_found', `No quiz ${quizId} in ${courseId}`);
  const header = { title: row.title, mode: row.mode, role: row.role };
  if (isEditorQuiz(row.file_name)) {
    const doc = JSON.parse(row.source) as Omit<QuizDraft, 'title' | 'mode' | 'role'>;
    return { ...header, ...doc, keys: doc.keys ?? {} };
  }
  try {
    const doc = quizFileToDocument(row.source, row.file_name, { id: quizId, ...header }, row.format as QuizFileFormat);
    return {
      ...header,
      questions: doc.questions,
      keys: doc.keys ?? {},
      ...(doc.explanations ? { explanations: doc.explanations } : {}),
    };
  } catch (err) {
    // Stored imports were read without errors; this only guards a parser change since.
    if (err instanceof CourseBuildError) throw new ApiProblem(422, 'quiz_import_failed', err.message);
    throw err;
  }
}
