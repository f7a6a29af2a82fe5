import * as v from 'valibot';
import { db } from '../../db/database';
import { CourseManifestSchema, type CourseManifest } from '../../shared/course/manifest';
import { useLiveQuery } from './use-live-query';

/** An installed course with its manifest read as the shared type. */
export interface CourseOnPhone {
  id: string;
  version: string;
  manifest: CourseManifest;
}

/** Every course installed on this phone (they are shared by the profiles; progress is not). */
export function useInstalledCourses(): CourseOnPhone[] | undefined {
  return useLiveQuery(async () => (await db.courses.toArray()).map(toCourse), []);
}

/** One installed course, `null` when it is not on this phone. */
export function useCourse(courseId: string): CourseOnPhone | null | undefined {
  return useLiveQuery(async () => {
    const course = await db.courses.get(courseId);
    return course ? toCourse(course) : null;
  }, [courseId]);
}

function toCourse(course: { id: string; activeVersion: string; manifest: unknown }): CourseOnPhone {
  // The manifest was verified at install; parsing again keeps a damaged record from crashing screens later.
  return { id: course.id, version: course.activeVersion, manifest: v.parse(CourseManifestSchema, course.manifest) };
}
