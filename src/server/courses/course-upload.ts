import type { Queryable } from '../store/store';
import { CourseProblem } from './course-problem';

/** Where a resumable upload stands: the client sends the chunk at `offset` next. */
export interface CourseUpload {
  uploadId: string;
  hash: string;
  size: number;
  type: string;
  /** Every chunk but the last holds exactly this many bytes. */
  chunkBytes: number;
  offset: number;
}

interface UploadRow {
  id: string;
  hash: string;
  size: string | number;
  type: string;
  chunk_bytes: number;
  received: string | number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const UPLOAD_COLUMNS = `id, hash, size, type, chunk_bytes, received`;

export function toCourseUpload(row: UploadRow): CourseUpload {
  return {
    uploadId: row.id,
    hash: row.hash,
    size: Number(row.size),
    type: row.type,
    chunkBytes: row.chunk_bytes,
    offset: Number(row.received),
  };
}

/**
 * The account's upload `uploadId` (optionally locked for the rest of the transaction).
 * Throws `upload_not_found`: unknown, another account's, completed or discarded.
 */
export async function findCourseUpload(
  db: Queryable,
  uploadId: string,
  accountId: string,
  lock = false,
): Promise<CourseUpload> {
  // A malformed id names no upload (and must not reach the uuid cast, which would be a 500).
  const { rows } = !UUID.test(uploadId)
    ? { rows: [] }
    : await db.query<UploadRow>(
        `SELECT ${UPLOAD_COLUMNS} FROM course_uploads WHERE id = $1::text::uuid AND created_by = $2 ${lock ? 'FOR UPDATE' : ''}`,
        [uploadId, accountId],
      );
  if (!rows[0]) {
    throw new CourseProblem(404, 'upload_not_found', `No upload ${uploadId} in progress: start it again`);
  }
  return toCourseUpload(rows[0]);
}

/** Removes an upload and the chunks it received (a file that completed owns its chunks: kept). */
export async function discardCourseUpload(db: Queryable, uploadId: string): Promise<void> {
  await db.query(`DELETE FROM course_uploads WHERE id = $1`, [uploadId]);
  await db.query(
    `DELETE FROM course_file_chunks WHERE chunk_set = $1 AND NOT EXISTS (SELECT 1 FROM course_files WHERE chunk_set = $1)`,
    [uploadId],
  );
}
