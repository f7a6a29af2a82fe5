import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store';
import { CourseProblem } from './course-problem';
import { UPLOAD_COLUMNS, discardCourseUpload, toCourseUpload, type CourseUpload } from './course-upload';

/** An upload nobody touched for this long is dropped with its chunks when anyone starts one. */
const ABANDONED_AFTER = '7 days';

export interface DeclaredFile {
  sha256: string;
  size: number;
  type: string;
}

/**
 * Starts — or, for the same account and hash, resumes — the upload of one course file. A file
 * already stored needs no bytes (`stored`). The same hash declared with another size is refused
 * (`upload_conflict`): SHA-256 names one content, so one of the two declarations is wrong.
 * @example const started = await startCourseUpload(store, { sha256, size, type }, account.id, 1 << 20)
 */
export async function startCourseUpload(
  store: Store,
  declared: DeclaredFile,
  accountId: string,
  chunkBytes: number,
): Promise<{ stored: true; hash: string; size: number } | ({ stored: false; resumed: boolean } & CourseUpload)> {
  await dropAbandonedUploads(store);
  const { rows: files } = await store.query<{ size: string | number }>(
    `SELECT size FROM course_files WHERE hash = $1`,
    [declared.sha256],
  );
  if (files[0]) {
    refuseOtherSize(declared, Number(files[0].size), 'the stored file');
    return { stored: true, hash: declared.sha256, size: declared.size };
  }
  const id = randomUUID();
  await store.query(
    `INSERT INTO course_uploads (id, hash, size, type, chunk_bytes, created_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (hash, created_by) DO NOTHING`,
    [id, declared.sha256, declared.size, declared.type, chunkBytes, accountId],
  );
  const { rows } = await store.query<Parameters<typeof toCourseUpload>[0]>(
    `SELECT ${UPLOAD_COLUMNS} FROM course_uploads WHERE hash = $1 AND created_by = $2`,
    [declared.sha256, accountId],
  );
  const upload = toCourseUpload(rows[0]!);
  refuseOtherSize(declared, upload.size, `upload ${upload.uploadId}`);
  if (upload.type !== declared.type) {
    await store.query(`UPDATE course_uploads SET type = $2 WHERE id = $1`, [upload.uploadId, declared.type]);
  }
  return { stored: false, resumed: upload.uploadId !== id, ...upload, type: declared.type };
}

function refuseOtherSize(declared: DeclaredFile, size: number, what: string) {
  if (size !== declared.size) {
    throw new CourseProblem(
      409,
      'upload_conflict',
      `File ${declared.sha256} is declared with ${declared.size} bytes, but ${what} has ${size}`,
    );
  }
}

async function dropAbandonedUploads(store: Store) {
  const { rows } = await store.query<{ id: string }>(
    `SELECT id FROM course_uploads WHERE updated_at < now() - interval '${ABANDONED_AFTER}'`,
  );
  for (const { id } of rows) await store.transaction((tx) => discardCourseUpload(tx, id));
}
