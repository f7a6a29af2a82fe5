import { ManifestError, manifestQuizzes, verifySignedManifest } from '../../shared/course/manifest-signature';
import type { CourseManifest } from '../../shared/course/manifest';
import type { SignedManifest } from '../../shared/course/signed-manifest';
import type { QuizDocument } from '../../shared/quiz/question';
import type { Queryable, Store } from '../store/store';
import { checkFilePieces } from './check-file-pieces';
import { checkPackageQuizzes } from './check-package-quizzes';
import { compareVersions } from './compare-versions';
import { CourseProblem } from './course-problem';
import { readFileSlice } from './read-course-file';

export interface PublishRequest {
  envelope: SignedManifest;
  /** Full quiz documents, ujian keys included. */
  quizzes: QuizDocument[];
}

/**
 * Checks a signed package against the files already uploaded and, if everything holds, records
 * the version, its quiz keys and the catalog entry in one transaction. Throws `CourseProblem`.
 * @example await publishCourse(store, { envelope, quizzes }, account.id)
 */
export async function publishCourse(
  store: Store,
  request: PublishRequest,
  publisherId: string | null,
): Promise<{ courseId: string; version: string; sizeBytes: number; alreadyPublished: boolean }> {
  const manifest = await verifySignedManifest(request.envelope).catch((err: unknown) => {
    if (err instanceof ManifestError) throw new CourseProblem(400, err.reason, err.message);
    throw err;
  });
  const sizeBytes = manifest.files.reduce((sum, f) => sum + f.size, 0);
  return insertVersion(store, request, manifest, sizeBytes, publisherId).catch((err: unknown) => {
    // Two publishes of the same new version at once: the loser meets the primary key, and a second
    // pass sees the winner's row (same signature: already published; otherwise version_exists).
    if ((err as { code?: string }).code === '23505')
      return insertVersion(store, request, manifest, sizeBytes, publisherId);
    throw err;
  });
}

async function insertVersion(
  store: Store,
  request: PublishRequest,
  manifest: CourseManifest,
  sizeBytes: number,
  publisherId: string | null,
) {
  return store.transaction(async (tx) => {
    const latest = await latestVersion(tx, manifest.id);
    if (latest && latest.public_key !== request.envelope.publicKey) {
      throw new CourseProblem(403, 'key_mismatch', `Course ${manifest.id} is signed with another publisher key`);
    }
    const existing = await tx.query<{ signature: string }>(
      `SELECT signature FROM course_versions WHERE course_id = $1 AND version = $2`,
      [manifest.id, manifest.version],
    );
    if (existing.rows[0]) {
      if (existing.rows[0].signature === request.envelope.signature) {
        return { courseId: manifest.id, version: manifest.version, sizeBytes, alreadyPublished: true };
      }
      throw new CourseProblem(409, 'version_exists', `Version ${manifest.version} of ${manifest.id} already exists`);
    }
    if (latest && compareVersions(manifest.version, latest.version) <= 0) {
      throw new CourseProblem(
        409,
        'version_not_newer',
        `Version ${manifest.version} is not newer than ${latest.version}`,
      );
    }
    const quizHashes = manifestQuizzes(manifest).map((q) => q.file);
    const stored = await storedFiles(
      tx,
      manifest.files.map((f) => f.hash),
      quizHashes,
    );
    const missing = manifest.files.filter((f) => !stored.has(f.hash)).map((f) => f.hash);
    if (missing.length > 0) {
      throw new CourseProblem(409, 'missing_files', `${missing.length} files must be uploaded first`, missing);
    }
    for (const f of manifest.files) {
      if (stored.get(f.hash)!.size !== f.size) {
        throw new CourseProblem(
          400,
          'size_mismatch',
          `File ${f.path} is ${stored.get(f.hash)!.size} bytes, not ${f.size}`,
        );
      }
    }
    const quizzes = checkPackageQuizzes(manifest, request.quizzes, (hash) => stored.get(hash)!.data);
    // Wrong piece hashes would fail every phone's download on that piece; a new version only, so
    // publishing the same version again (a re-run of the CLI) does not read its videos again.
    await checkFilePieces(tx, manifest.files);

    await tx.query(
      `INSERT INTO courses (id, title, latest_version) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET title = $2, latest_version = $3, withdrawn_at = NULL`,
      [manifest.id, manifest.title, manifest.version],
    );
    await tx.query(
      `INSERT INTO course_versions (course_id, version, manifest, manifest_text, signature, public_key, size_bytes, published_by)
       VALUES ($1, $2, $3::text::jsonb, $3, $4, $5, $6, $7)`,
      [
        manifest.id,
        manifest.version,
        request.envelope.manifest,
        request.envelope.signature,
        request.envelope.publicKey,
        sizeBytes,
        publisherId,
      ],
    );
    for (const { ref, full } of quizzes) {
      await tx.query(
        `INSERT INTO quiz_keys (course_id, version, quiz_id, mode, role, pass_score, question_count, doc)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb)`,
        [
          manifest.id,
          manifest.version,
          ref.id,
          ref.mode,
          ref.role,
          ref.passScore ?? null,
          ref.questionCount,
          JSON.stringify(full),
        ],
      );
    }
    for (const f of manifest.files) {
      await tx.query(`UPDATE course_files SET type = $2 WHERE hash = $1 AND type <> $2`, [f.hash, f.type]);
    }
    return { courseId: manifest.id, version: manifest.version, sizeBytes, alreadyPublished: false };
  });
}

async function latestVersion(tx: Queryable, courseId: string) {
  const { rows } = await tx.query<{ version: string; public_key: string }>(
    `SELECT v.version, v.public_key FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.latest_version
     WHERE c.id = $1 FOR UPDATE OF c`,
    [courseId],
  );
  return rows[0] ?? null;
}

/** A quiz file is JSON of a few kilobytes; one larger than this is not read into memory (it cannot match). */
const MAX_QUIZ_FILE_BYTES = 16 * 1024 * 1024;

/** Size of each stored file, and the bytes of the quiz files (they are checked by content). */
async function storedFiles(tx: Queryable, hashes: string[], withData: string[]) {
  const { rows } = await tx.query<{ hash: string; size: string | number; quiz: boolean }>(
    `SELECT hash, size, hash IN (SELECT jsonb_array_elements_text($2::text::jsonb)) AS quiz
     FROM course_files WHERE hash IN (SELECT jsonb_array_elements_text($1::text::jsonb))`,
    [JSON.stringify(hashes), JSON.stringify(withData)],
  );
  const files = new Map<string, { size: number; data: Uint8Array }>();
  for (const r of rows) {
    const size = Number(r.size);
    // Inline or chunked (migration 0020), the same read gives the bytes.
    const data =
      r.quiz && size > 0 && size <= MAX_QUIZ_FILE_BYTES
        ? await readFileSlice(tx, r.hash, 0, size - 1)
        : new Uint8Array();
    files.set(r.hash, { size, data });
  }
  return files;
}
