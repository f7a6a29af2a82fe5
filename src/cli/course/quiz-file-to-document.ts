import { importQuizFile, type QuizFileFormat } from '../../shared/quiz-import/import-quiz-file';
import { toQuizDocument, type QuizHeader } from '../../shared/quiz-import/imported-question';
import { formatQuizImportIssue } from '../../shared/quiz-import/quiz-import-issue';
import type { QuizDocument } from '../../shared/quiz/question';
import { CourseBuildError } from './course-build-error';

/**
 * Reads a GIFT or Aiken quiz file into the FULL QuizDocument, keys included, with the same parser
 * the author API uses. Any error stops the build: the first names its file and line, and the
 * message lists the others too, so the author can fix them in one go.
 * @example quizFileToDocument(text, 'quizzes/pretest.gift', { id: 'pretest', title: 'Pre-test', mode: 'ujian' })
 */
export function quizFileToDocument(
  text: string,
  file: string,
  header: QuizHeader,
  format?: QuizFileFormat,
): QuizDocument {
  const result = importQuizFile(text, file, format);
  const [first, ...rest] = result.errors;
  if (first) {
    const more = rest.map(formatQuizImportIssue).join('\n');
    throw new CourseBuildError(first.file, first.line, more ? `${first.detail}\n${more}` : first.detail);
  }
  return toQuizDocument(result.questions, header);
}
