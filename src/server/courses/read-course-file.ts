import type { Role } from '../../shared/roles';
import type { Queryable } from '../store/store';

/** Size and type of a stored file the account may read, or null (unknown, or not in any live course). */
export async function findReadableFile(db: Queryable, hash: string, role: Role) {
  // Authors see their uploads before publishing; everyone else only files of a live course.
  const { rows } = await db.query<{ size: string | number; type: string }>(
    role === 'author' || role === 'admin'
      ? `SELECT size, type FROM course_files WHERE hash = $1`
      : `SELECT f.size, f.type FROM course_files f WHERE f.hash = $1 AND EXISTS (
           SELECT 1 FROM course_versions v JOIN courses c ON c.id = v.course_id
           WHERE c.withdrawn_at IS NULL AND v.manifest->'files' @> $2::text::jsonb)`,
    role === 'author' || role === 'admin' ? [hash] : [hash, JSON.stringify([{ hash }])],
  );
  const row = rows[0];
  return row ? { size: Number(row.size), type: row.type } : null;
}

/** Bytes `start..end` (inclusive) of a stored file; only that slice leaves the database. */
export async function readFileSlice(
  db: Queryable,
  hash: string,
  start: number,
  end: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const { rows } = await db.query<{ data: Uint8Array }>(
    `SELECT substring(data FROM $2::int FOR $3::int) AS data FROM course_files WHERE hash = $1`,
    [hash, start + 1, end - start + 1],
  );
  return new Uint8Array(rows[0]?.data ?? []);
}
