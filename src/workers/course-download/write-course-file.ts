import * as v from 'valibot';
import type { InstalledCourse } from '../../db/course-records';
import type { LenteraDatabase } from '../../db/database';
import { storedFileBlob } from '../../db/file-chunks';
import { COURSE_FILE_TYPE, courseFileEntries, courseFileHead } from '../../shared/course/course-file';
import { courseFileName } from '../../shared/course/course-file-name';
import { verifySignedManifest } from '../../shared/course/manifest-signature';
import { SignedManifestSchema, type SignedManifest } from '../../shared/course/signed-manifest';

/** Why the phone could not write a course file of an installed course. */
export type CourseShareProblem = 'not_installed' | 'envelope_missing' | 'files_missing';

export class CourseShareError extends Error {
  constructor(readonly code: CourseShareProblem) {
    super(code);
  }
}

/**
 * Writes the installed version of a course as a course file (src/shared/course/course-file.ts)
 * from the phone's own copy, with no network when its signed envelope is kept. The File is made
 * of the Blobs IndexedDB already holds, so nothing of the course is copied into memory.
 * `fetchEnvelope` asks the server for the envelope of a course installed before envelopes were
 * kept (null when offline). Throws `CourseShareError`.
 */
export async function writeCourseFile(
  db: LenteraDatabase,
  courseId: string,
  fetchEnvelope: (courseId: string, version: string) => Promise<SignedManifest | null>,
): Promise<File> {
  const course = await db.courses.get(courseId);
  if (!course) throw new CourseShareError('not_installed');
  const envelope = await installedEnvelope(db, course, fetchEnvelope);
  const entries = courseFileEntries(course.manifest);
  const stored = await db.files.bulkGet(entries.map((f) => f.hash));
  const blobs: Blob[] = [];
  for (const [i, file] of stored.entries()) {
    if (!file || file.size !== entries[i]!.size) throw new CourseShareError('files_missing');
    blobs.push(await storedFileBlob(db, file));
  }
  return new File([courseFileHead(envelope), ...blobs], courseFileName(course.manifest), { type: COURSE_FILE_TYPE });
}

/** The kept envelope of the active version, else the server's (verified to be that version, then kept). */
async function installedEnvelope(
  db: LenteraDatabase,
  course: InstalledCourse,
  fetchEnvelope: (courseId: string, version: string) => Promise<SignedManifest | null>,
): Promise<SignedManifest> {
  const kept = await db.courseEnvelopes.get(course.id);
  if (kept?.version === course.activeVersion) return kept.envelope;
  const fetched = v.safeParse(
    SignedManifestSchema,
    await fetchEnvelope(course.id, course.activeVersion).catch(() => null),
  );
  if (!fetched.success) throw new CourseShareError('envelope_missing');
  const envelope = fetched.output;
  const manifest = await verifySignedManifest(envelope).catch(() => null);
  const same =
    manifest?.id === course.id &&
    manifest.version === course.activeVersion &&
    (!course.publicKey || course.publicKey === envelope.publicKey);
  if (!same) throw new CourseShareError('envelope_missing');
  await db.courseEnvelopes.put({ courseId: course.id, version: course.activeVersion, envelope });
  return envelope;
}
