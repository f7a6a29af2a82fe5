import type { QuizRole } from '../../shared/course/manifest';
import { importQuizFile, quizFileFormat } from '../../shared/quiz-import/import-quiz-file';
import type { QuizImportIssue } from '../../shared/quiz-import/quiz-import-issue';
import type { QuizMode } from '../../shared/quiz/question';
import { ApiProblem } from '../http/api-problem';
import type { Queryable } from '../store/store';
import { touchDraft } from './get-draft';

export interface QuizUpload {
  id: string;
  title: string;
  mode: QuizMode;
  role: QuizRole;
  fileName: string;
  text: string;
}

/**
 * Reads an uploaded GIFT or Aiken file with the shared parser and keeps its text in the draft
 * (the package is built from it, as the CLI builds from a file). Any error refuses the whole
 * file with 422 `quiz_import_failed`, every error with its file and line in `details.errors`.
 */
export async function importDraftQuiz(
  db: Queryable,
  courseId: string,
  upload: QuizUpload,
): Promise<{ id: string; questionCount: number; warnings: QuizImportIssue[] }> {
  await touchDraft(db, courseId);
  const format = quizFileFormat(upload.fileName, upload.text);
  const result = importQuizFile(upload.text, upload.fileName, format);
  if (result.errors.length > 0) {
    const first = result.errors[0]!;
    throw new ApiProblem(
      422,
      'quiz_import_failed',
      `${first.file}:${first.line}: ${first.detail}${result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : ''}`,
      { errors: result.errors, warnings: result.warnings },
    );
  }
  if (upload.role !== 'practice' && upload.mode !== 'ujian') {
    throw new ApiProblem(400, 'invalid_request', `A ${upload.role} is an ujian`);
  }
  await db.query(
    `INSERT INTO authoring_quizzes (course_id, id, position, title, mode, role, format, file_name, source, question_count)
     VALUES ($1, $2, (SELECT COALESCE(MAX(position) + 1, 0) FROM authoring_quizzes WHERE course_id = $1), $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (course_id, id) DO UPDATE SET title = $3, mode = $4, role = $5, format = $6, file_name = $7, source = $8, question_count = $9`,
    [
      courseId,
      upload.id,
      upload.title,
      upload.mode,
      upload.role,
      format,
      upload.fileName,
      upload.text,
      result.questions.length,
    ],
  );
  return { id: upload.id, questionCount: result.questions.length, warnings: result.warnings };
}
