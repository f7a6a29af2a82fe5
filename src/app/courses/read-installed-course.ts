import * as v from 'valibot';
import type { InstalledCourse } from '../../db/course-records';
import { CourseManifestSchema, type CourseManifest } from '../../shared/course/manifest';

/** An installed course with its manifest read as the shared type. */
export interface CourseOnPhone {
  id: string;
  version: string;
  manifest: CourseManifest;
  /** Files left off this phone on purpose (videos of a text-only download). */
  absent: string[];
}

/**
 * Reads an installed course record, or null when its manifest is damaged. The manifest was verified
 * at install; checking again keeps one bad record from breaking every screen: it is treated as not
 * installed (downloading the course again repairs it).
 */
export function readInstalledCourse(
  course: Pick<InstalledCourse, 'id' | 'activeVersion' | 'absent'> & { manifest: unknown },
): CourseOnPhone | null {
  const parsed = v.safeParse(CourseManifestSchema, course.manifest);
  if (!parsed.success) {
    console.error(`installed course ${course.id} has an unreadable manifest`, parsed.issues);
    return null;
  }
  const absent = Array.isArray(course.absent) ? course.absent.filter((h) => typeof h === 'string') : [];
  return { id: course.id, version: course.activeVersion, manifest: parsed.output, absent };
}
