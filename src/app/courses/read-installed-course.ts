import * as v from 'valibot';
import type { InstalledCourse } from '../../db/course-records';
import { CourseManifestSchema, type CourseManifest } from '../../shared/course/manifest';

/** An installed course with its manifest read as the shared type. */
export interface CourseOnPhone {
  id: string;
  version: string;
  manifest: CourseManifest;
}

/**
 * Reads an installed course record, or null when its manifest is damaged. The manifest was verified
 * at install; checking again keeps one bad record from breaking every screen: it is treated as not
 * installed (downloading the course again repairs it).
 */
export function readInstalledCourse(
  course: Pick<InstalledCourse, 'id' | 'activeVersion'> & { manifest: unknown },
): CourseOnPhone | null {
  const parsed = v.safeParse(CourseManifestSchema, course.manifest);
  if (!parsed.success) {
    console.error(`installed course ${course.id} has an unreadable manifest`, parsed.issues);
    return null;
  }
  return { id: course.id, version: course.activeVersion, manifest: parsed.output };
}
