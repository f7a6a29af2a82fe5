import type { CourseManifest, CourseModule, LessonRef, QuizRef } from '../../shared/course/manifest';

/** Every quiz of a course: the course pre-test first, then each module's quizzes, the course post-test last. */
export function allQuizzes(manifest: CourseManifest): QuizRef[] {
  return [
    ...(manifest.pretest ? [manifest.pretest] : []),
    ...manifest.modules.flatMap((m) => m.quizzes),
    ...(manifest.posttest ? [manifest.posttest] : []),
  ];
}

/** A quiz of the course by id. */
export function findQuiz(manifest: CourseManifest, quizId: string): QuizRef | undefined {
  return allQuizzes(manifest).find((q) => q.id === quizId);
}

export interface LessonPlace {
  lesson: LessonRef;
  module: CourseModule;
  /** The lesson after this one in reading order, across modules. */
  next?: LessonRef;
}

/** A lesson with its module and the lesson to read next. */
export function findLesson(manifest: CourseManifest, lessonId: string): LessonPlace | undefined {
  const order = manifest.modules.flatMap((module) => module.lessons.map((lesson) => ({ lesson, module })));
  const index = order.findIndex((entry) => entry.lesson.id === lessonId);
  const found = order[index];
  if (!found) return undefined;
  const next = order[index + 1]?.lesson;
  return { ...found, ...(next && { next }) };
}
