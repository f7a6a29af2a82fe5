import type { AttemptRecord, ProgressRecord } from '../../db/learning-records';
import type { CourseManifest, QuizRef } from '../../shared/course/manifest';

export interface PartProgress {
  lessonsRead: number;
  lessonsTotal: number;
  /** Post-tests that belong to this part; all must be passed. */
  postTestsPassed: number;
  postTestsTotal: number;
  complete: boolean;
  /** 0..100: share of lessons read and post-tests passed. */
  percent: number;
}

export interface CourseProgress extends PartProgress {
  modules: Record<string, PartProgress>;
  lessonsDone: ReadonlySet<string>;
}

/**
 * Progress of one learner in one course: a module or course is complete when all its lessons are
 * read and its post-test(s) passed (an ujian counts once the server's grade says so).
 * @example computeCourseProgress(manifest, await db.progress.where(...).toArray(), attempts)
 */
export function computeCourseProgress(
  manifest: CourseManifest,
  progress: readonly ProgressRecord[],
  attempts: readonly AttemptRecord[],
): CourseProgress {
  const lessonsDone = new Set(progress.filter((p) => p.completed).map((p) => p.lessonId));
  const passedQuizzes = new Set(attempts.filter((a) => a.finishedAt !== undefined && a.passed).map((a) => a.quizId));
  const part = (lessonIds: string[], postTests: QuizRef[]): PartProgress => {
    const lessonsRead = lessonIds.filter((id) => lessonsDone.has(id)).length;
    const postTestsPassed = postTests.filter((q) => passedQuizzes.has(q.id)).length;
    const total = lessonIds.length + postTests.length;
    const done = lessonsRead + postTestsPassed;
    return {
      lessonsRead,
      lessonsTotal: lessonIds.length,
      postTestsPassed,
      postTestsTotal: postTests.length,
      complete: total > 0 && done === total,
      percent: total === 0 ? 0 : Math.round((done / total) * 100),
    };
  };
  const modules: Record<string, PartProgress> = {};
  for (const m of manifest.modules) {
    modules[m.id] = part(
      m.lessons.map((l) => l.id),
      m.quizzes.filter((q) => q.role === 'posttest'),
    );
  }
  const allPostTests = [
    ...(manifest.posttest ? [manifest.posttest] : []),
    ...manifest.modules.flatMap((m) => m.quizzes.filter((q) => q.role === 'posttest')),
  ];
  const course = part(
    manifest.modules.flatMap((m) => m.lessons.map((l) => l.id)),
    allPostTests,
  );
  return { ...course, modules, lessonsDone };
}
