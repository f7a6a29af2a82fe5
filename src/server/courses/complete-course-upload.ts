import { createHash } from 'node:crypto';
import type { Store } from '../store/store';
import { CourseProblem } from './course-problem';
import { discardCourseUpload, findCourseUpload } from './course-upload';
import { HEX } from './read-course-file';

/**
 * Finishes an upload whose bytes have all arrived: hashes them chunk by chunk as they stream out
 * of the database (never the whole file in memory) and, only if they are the declared SHA-256,
 * makes them the stored file — the same chunk rows, no copy. Bytes of another file (an upload
 * resumed with a different file) are refused with `upload_hash_mismatch` and discarded, so the
 * next start begins clean. Returns whether this call stored the file.
 * @example await completeCourseUpload(store, uploadId, account.id)
 */
export async function completeCourseUpload(
  store: Store,
  uploadId: string,
  accountId: string,
): Promise<{ hash: string; size: number; stored: boolean }> {
  const upload = await findCourseUpload(store, uploadId, accountId);
  if (upload.offset < upload.size) {
    throw new CourseProblem(
      409,
      'upload_incomplete',
      `${upload.offset} of ${upload.size} bytes have arrived: send the chunk at ${upload.offset}`,
      { offset: upload.offset },
    );
  }
  const hash = createHash('sha256');
  const chunks = Math.ceil(upload.size / upload.chunkBytes);
  for (let seq = 0; seq < chunks; seq++) {
    const { rows } = await store.query<{ data: string }>(
      `SELECT ${HEX('data')} AS data FROM course_file_chunks WHERE chunk_set = $1 AND seq = $2`,
      [upload.uploadId, seq],
    );
    if (rows[0]) hash.update(Buffer.from(rows[0].data, 'hex'));
  }
  const actual = hash.digest('hex');
  if (actual !== upload.hash) {
    await store.transaction((tx) => discardCourseUpload(tx, upload.uploadId));
    throw new CourseProblem(
      409,
      'upload_hash_mismatch',
      `The uploaded bytes hash to ${actual}, not ${upload.hash} (another file?): discarded, start again`,
    );
  }
  return store.transaction(async (tx) => {
    // Whoever deletes the upload row completes it; a racing second call finds it gone.
    const { rows: mine } = await tx.query(`DELETE FROM course_uploads WHERE id = $1 RETURNING id`, [upload.uploadId]);
    if (mine.length === 0) return { hash: upload.hash, size: upload.size, stored: false };
    const { rows } = await tx.query(
      upload.size === 0
        ? `INSERT INTO course_files (hash, size, type, data) VALUES ($1, 0, $2, ''::bytea)
           ON CONFLICT (hash) DO NOTHING RETURNING hash`
        : `INSERT INTO course_files (hash, size, type, chunk_set, chunk_bytes) VALUES ($1, $3, $2, $4, $5)
           ON CONFLICT (hash) DO NOTHING RETURNING hash`,
      upload.size === 0
        ? [upload.hash, upload.type]
        : [upload.hash, upload.type, upload.size, upload.uploadId, upload.chunkBytes],
    );
    // Another account stored the same file meanwhile: its copy serves, these chunks go.
    if (rows.length === 0) await discardCourseUpload(tx, upload.uploadId);
    return { hash: upload.hash, size: upload.size, stored: rows.length > 0 };
  });
}
