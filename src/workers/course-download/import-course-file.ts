import type { LenteraDatabase } from '../../db/database';
import {
  checkCourseFileParts,
  CourseFileError,
  readCourseFile,
  type CourseFileProblem,
} from '../../shared/course/course-file';
import { judgePublisher } from '../../shared/course/course-file-publishers';
import { activateCourse } from './activate-course';
import { isQuotaError } from './download-problem';

/** Why a course file was not installed; each code has its own message on the phone (`courseFile.error.*`). */
export type CourseImportProblem =
  | CourseFileProblem
  | 'untrusted_publisher'
  | 'course_withdrawn'
  | 'version_older'
  | 'version_installed'
  | 'quota_exceeded';

export class CourseImportError extends Error {
  constructor(
    readonly code: CourseImportProblem,
    readonly file?: string,
  ) {
    super(file ? `${code}: ${file}` : code);
  }
}

/** The course a file installed. */
export interface ImportedCourse {
  courseId: string;
  version: string;
  title: string;
}

export interface ImportOptions {
  /** Bytes of content files checked so far, of all of them. */
  onProgress?: (checked: number, total: number) => void;
  /** Called once the file is verified, before anything is written: stops a download of the same course. */
  beforeInstall?: (courseId: string) => Promise<void>;
}

/**
 * Installs a course file (src/shared/course/course-file.ts) with no network: checks the head and
 * the manifest signature, that the publisher key is one the phone trusts (the installed version's,
 * or one pinned from the server), that the version is newer than the installed one, free space,
 * and every file's SHA-256 — all before writing anything. Then, in one transaction, it stores the
 * files the phone lacks and activates the version through `activateCourse`, as a download does:
 * a failure at any point leaves every course on the phone as it was. Throws `CourseImportError`.
 */
export async function importCourseFile(
  db: LenteraDatabase,
  file: Blob,
  options: ImportOptions = {},
): Promise<ImportedCourse> {
  const { envelope, manifest, parts } = await asImportError(() => readCourseFile(file));
  const installed = await db.courses.get(manifest.id);
  const verdict = judgePublisher(
    manifest.id,
    envelope.publicKey,
    installed?.publicKey,
    await db.coursePublishers.toArray(),
  );
  if (verdict) throw new CourseImportError(verdict);
  if (installed) {
    const order = compareVersions(manifest.version, installed.activeVersion);
    if (order < 0) throw new CourseImportError('version_older');
    if (order === 0) throw new CourseImportError('version_installed');
  }
  const have = new Set(
    await db.files
      .where('hash')
      .anyOf(parts.map((p) => p.entry.hash))
      .primaryKeys(),
  );
  const missing = parts.filter((p) => !have.has(p.entry.hash));
  await checkFreeSpace(missing.reduce((sum, p) => sum + p.entry.size, 0));
  // Every file, also those the phone already has: a damaged course file is refused as a whole.
  const total = parts.reduce((sum, p) => sum + p.entry.size, 0);
  let checked = 0;
  await asImportError(() =>
    checkCourseFileParts(file, parts, (bytes) => {
      checked += bytes;
      options.onProgress?.(checked, total);
    }),
  );
  await options.beforeInstall?.(manifest.id);
  const importId = `${manifest.id}@${manifest.version}`;
  try {
    // All tables: activateCourse decides which it touches, and it joins this transaction.
    await db.transaction('rw', db.tables, async () => {
      for (const { entry, offset } of missing) {
        // A slice of the picked file: the browser copies it from disk into IndexedDB, never through memory.
        const blob = file.slice(offset, offset + entry.size, entry.type);
        await db.files.put({ hash: entry.hash, blob, size: entry.size, type: entry.type });
      }
      // A download of this course's same or an older version would only undo the import later.
      const stale = await db.downloads
        .where('courseId')
        .equals(manifest.id)
        .filter((d) => d.id !== importId && compareVersions(d.version, manifest.version) <= 0)
        .primaryKeys();
      await db.downloads.bulkDelete(stale);
      await activateCourse(db, importId, manifest, envelope.publicKey);
      await db.courseEnvelopes.put({ courseId: manifest.id, version: manifest.version, envelope });
    });
  } catch (err) {
    if (isQuotaError(err)) throw new CourseImportError('quota_exceeded');
    throw err;
  }
  return { courseId: manifest.id, version: manifest.version, title: manifest.title };
}

async function asImportError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof CourseFileError) throw new CourseImportError(err.reason, err.file);
    throw err;
  }
}

/** Orders `x.y.z` versions (the manifest schema guarantees the shape). */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

async function checkFreeSpace(bytes: number): Promise<void> {
  const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => null);
  if (estimate?.quota === undefined || estimate.usage === undefined) return;
  // The same margin as a download (run-download.ts): blobs in IndexedDB take a little more than their size.
  if (estimate.quota - estimate.usage < bytes * 1.1 + 1_000_000) throw new CourseImportError('quota_exceeded');
}
