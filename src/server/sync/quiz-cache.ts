import { getQuizDocument, type ServerQuiz } from '../courses/get-quiz-document';
import type { Queryable } from '../store/store';

/** Looks each quiz up once per batch: a batch of 500 answers usually names one or two quizzes. */
export function quizCache(
  db: Queryable,
): (courseId: string, version: string, quizId: string) => Promise<ServerQuiz | null> {
  const seen = new Map<string, Promise<ServerQuiz | null>>();
  // The quiz asked for last, compared field by field: a batch asks for it once per item.
  let last: { courseId: string; version: string; quizId: string; found: Promise<ServerQuiz | null> } | undefined;
  return (courseId, version, quizId) => {
    if (last !== undefined && last.courseId === courseId && last.version === version && last.quizId === quizId)
      return last.found;
    const key = JSON.stringify([courseId, version, quizId]);
    let found = seen.get(key);
    if (!found) {
      found = getQuizDocument(db, courseId, version, quizId);
      seen.set(key, found);
    }
    last = { courseId, version, quizId, found };
    return found;
  };
}
