import type { Queryable } from '../store/store';

/**
 * Stores a course file held in memory (one request's body: the hub's mirror, browser authoring,
 * `uploadCourseFile`) inline under its (already checked) hash; false when it was stored before.
 * Larger files come through the resumable upload instead (complete-course-upload.ts).
 */
export async function storeCourseFile(db: Queryable, hash: string, bytes: Uint8Array, type: string): Promise<boolean> {
  // As base64 text: PGlite takes a bytea parameter about ten times slower (read-course-file.ts).
  const { rows } = await db.query(
    `INSERT INTO course_files (hash, size, type, data) VALUES ($1, $2, $3, decode($4, 'base64'))
     ON CONFLICT (hash) DO NOTHING RETURNING hash`,
    [hash, bytes.length, type, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')],
  );
  return rows.length > 0;
}
