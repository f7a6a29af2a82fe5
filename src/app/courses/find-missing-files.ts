import type { InstalledCourse } from '../../db/course-records';
import type { LenteraDatabase } from '../../db/database';
import { chunkedFileComplete } from '../../db/file-chunks';

/**
 * The files of an installed course that should be on this phone and are not (their hashes): a
 * record gone, or a chunked file with chunks gone. The browser may evict stored data under memory
 * pressure (less often once `navigator.storage.persist()` is granted), and a lesson would then fail
 * to open or a video stop halfway. Files left off on purpose (`absent`, a download "tanpa video")
 * are not missing.
 * @example const missing = await findMissingFiles(db, await db.courses.get(courseId));
 */
export async function findMissingFiles(db: LenteraDatabase, course: InstalledCourse): Promise<string[]> {
  const absent = new Set(course.absent ?? []);
  const wanted = [...new Set(course.manifest.files.map((f) => f.hash))].filter((h) => !absent.has(h));
  const stored = await db.files.bulkGet(wanted);
  const missing: string[] = [];
  for (const [i, file] of stored.entries()) {
    const hash = wanted[i]!;
    if (!file || (file.chunked ? !(await chunkedFileComplete(db, hash, file.size)) : !file.blob)) missing.push(hash);
  }
  return missing;
}
