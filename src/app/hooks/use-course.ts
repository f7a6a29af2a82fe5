import { db } from '../../db/database';
import { readInstalledCourse, type CourseOnPhone } from '../learning/read-installed-course';
import { useLiveQuery } from './use-live-query';

export type { CourseOnPhone } from '../learning/read-installed-course';

/** Every course installed on this phone (they are shared by the profiles; progress is not). */
export function useInstalledCourses(): CourseOnPhone[] | undefined {
  return useLiveQuery(
    async () => (await db.courses.toArray()).map(readInstalledCourse).filter((c): c is CourseOnPhone => c !== null),
    [],
  );
}

/** One installed course, `null` when it is not on this phone (or unreadable). */
export function useCourse(courseId: string): CourseOnPhone | null | undefined {
  return useLiveQuery(async () => {
    const course = await db.courses.get(courseId);
    return course ? readInstalledCourse(course) : null;
  }, [courseId]);
}
