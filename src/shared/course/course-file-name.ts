import type { CourseManifest } from './manifest';

// The name of a course file (src/shared/course/course-file.ts), in a module of its own so screens
// that only name one do not pull the reader and its hashing into the page's bundle.

/** File name ending, so a person sees what the file is. */
export const COURSE_FILE_EXTENSION = '.lentera-kursus';

/** Suggested name of a course file: `<course>-<version>.lentera-kursus`. */
export function courseFileName(manifest: Pick<CourseManifest, 'id' | 'version'>): string {
  return `${manifest.id}-${manifest.version}${COURSE_FILE_EXTENSION}`;
}
