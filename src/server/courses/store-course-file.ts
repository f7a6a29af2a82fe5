import type { Queryable } from '../store/store';

/** Stores an uploaded course file under its (already checked) hash; false when it was stored before. */
export async function storeCourseFile(db: Queryable, hash: string, bytes: Uint8Array, type: string): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO course_files (hash, size, type, data) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING RETURNING hash`,
    [hash, bytes.length, type, Buffer.from(bytes)],
  );
  return rows.length > 0;
}
