import type { webcrypto } from 'node:crypto';
import type { DraftChanges } from '../../shared/authoring/authoring-api';
import type { CourseManifest } from '../../shared/course/manifest';
import { parseManifestText, signManifest } from '../../shared/course/manifest-signature';
import type { SignedManifest } from '../../shared/course/signed-manifest';
import { toDeviceQuiz } from '../../shared/quiz/device-quiz';
import type { QuizDocument } from '../../shared/quiz/question';
import { recordAudit } from '../audit/record-audit';
import { findSignedManifest } from '../courses/find-signed-manifest';
import { publishCourse } from '../courses/publish-course';
import { storeCourseFile } from '../courses/store-course-file';
import { jsonbValue } from '../store/jsonb-value';
import type { Queryable, Store } from '../store/store';
import { buildDraft } from './build-draft';
import { draftChanges as computeChanges } from './draft-changes';
import { importCourseKey } from './course-signing-key';
import { getDraft } from './get-draft';

export interface DraftPreview {
  manifest: CourseManifest;
  /** The quizzes as the phone gets them (an ujian without its keys). */
  quizzes: QuizDocument[];
  changes: DraftChanges;
}

/** The next minor version after `latest` (1.0.0 for a first publish). */
export function nextVersion(latest: string | null): string {
  if (!latest) return '1.0.0';
  const [major = 1, minor = 0] = latest.split('.').map(Number);
  return `${major}.${minor + 1}.0`;
}

async function prepare(db: Queryable, courseId: string, version: string | undefined) {
  const draft = await getDraft(db, courseId);
  const previousEnvelope = draft.publishedVersion ? await findSignedManifest(db, courseId, 'latest') : null;
  const previous = previousEnvelope ? parseManifestText(previousEnvelope.envelope.manifest) : null;
  const built = await buildDraft(db, draft, version ?? nextVersion(draft.publishedVersion));
  return { previous, built };
}

const manifestSize = (manifest: CourseManifest) => new TextEncoder().encode(JSON.stringify(manifest)).length;

/** What publishing the draft now would give, and what a phone with the last version would fetch. */
export async function previewDraft(db: Queryable, courseId: string, version?: string): Promise<DraftPreview> {
  const { previous, built } = await prepare(db, courseId, version);
  return {
    manifest: built.manifest,
    quizzes: built.serverQuizzes.map(toDeviceQuiz),
    changes: computeChanges(previous, built.manifest, manifestSize(built.manifest)),
  };
}

/**
 * Builds the draft, signs it with the course key the server holds, stores its files and publishes
 * it through the same `publishCourse` as a CLI upload; records `course.publish` in the audit log.
 */
export async function publishDraft(
  store: Store,
  courseId: string,
  version: string | undefined,
  authorId: string,
): Promise<{ courseId: string; version: string; sizeBytes: number; changes: DraftChanges }> {
  const { previous, built } = await prepare(store, courseId, version);
  const key = await store.query<{ private_key: unknown; public_key: string }>(
    `SELECT private_key, public_key FROM authoring_courses WHERE id = $1`,
    [courseId],
  );
  const row = key.rows[0]!;
  const jwk = jsonbValue<webcrypto.JsonWebKey>(row.private_key);
  const envelope: SignedManifest = await signManifest(built.manifest, await importCourseKey(jwk), row.public_key);
  // Uploads are stored already (chunked, by the resumable upload) and the build never held them:
  // `built.files` is the lessons and quizzes, and only new ones need storing.
  for (const [hash, file] of built.files) {
    const { rows } = await store.query(`SELECT 1 FROM course_files WHERE hash = $1`, [hash]);
    if (rows.length === 0) await storeCourseFile(store, hash, file.bytes, file.type);
  }
  const result = await publishCourse(store, { envelope, quizzes: built.serverQuizzes }, authorId);
  const changes = computeChanges(previous, built.manifest, envelope.manifest.length);
  if (!result.alreadyPublished) {
    await recordAudit(store, {
      actorId: authorId,
      action: 'course.publish',
      targetType: 'course',
      targetId: courseId,
      regionCode: null,
      detail: {
        version: result.version,
        sizeBytes: result.sizeBytes,
        downloadBytes: changes.downloadBytes,
        via: 'browser',
      },
    });
  }
  return { courseId, version: result.version, sizeBytes: result.sizeBytes, changes };
}
