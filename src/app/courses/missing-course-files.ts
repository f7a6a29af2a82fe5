// Main bundle: which installed courses lost stored files (browser eviction, a damaged store).
import { signal } from '@preact/signals';
import { db } from '../../db/database';
import { findMissingFiles } from './find-missing-files';

/** Missing file hashes by course id, as last checked; a course with none is not listed. */
export const missingFiles = signal<Record<string, string[]>>({});

/**
 * Checks one installed course's files against its manifest and records the result in `missingFiles`.
 * Run when a screen showing the course mounts (home card on start, outline, lesson) and after a
 * repair download: the browser may evict data at any time, not just between app starts.
 */
export async function checkCourseFiles(courseId: string): Promise<string[]> {
  // One read transaction: a version activated meanwhile (old files removed) is seen whole or not at all.
  const missing = await db.transaction('r', [db.courses, db.files, db.fileChunks], async () => {
    const course = await db.courses.get(courseId);
    return course ? findMissingFiles(db, course) : [];
  });
  const known = missingFiles.value[courseId] ?? [];
  if (missing.length !== known.length || missing.some((h, i) => h !== known[i])) {
    const next = { ...missingFiles.value };
    if (missing.length > 0) next[courseId] = missing;
    else delete next[courseId];
    missingFiles.value = next;
  }
  return missing;
}
