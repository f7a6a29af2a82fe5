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

/**
 * Selects bytea as hex text: PGlite turns a raw bytea of 1 MiB into bytes about ten times slower
 * than it returns the same bytes as text (measured: 0.7 s against 0.07 s), and node-postgres parses
 * the hex either way.
 */
export const HEX = (column: string) => `encode(${column}, 'hex')`;

/**
 * Bytes `start..end` (inclusive) of a stored file, inline or chunked (migration 0020); only the
 * chunks that overlap the slice leave the database. Callers keep slices small (course-file-body.ts
 * reads one chunk's worth at a time); a whole small file (a quiz) is fine too.
 */
export async function readFileSlice(
  db: Queryable,
  hash: string,
  start: number,
  end: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const { rows } = await db.query<{ data: string | null; chunk_set: string | null; chunk_bytes: number | null }>(
    `SELECT ${HEX('substring(data FROM $2::int FOR $3::int)')} AS data, chunk_set, chunk_bytes FROM course_files WHERE hash = $1`,
    [hash, start + 1, end - start + 1],
  );
  const row = rows[0];
  if (!row) return new Uint8Array(0);
  if (row.chunk_set === null || row.chunk_bytes === null) return new Uint8Array(Buffer.from(row.data ?? '', 'hex'));
  return readChunkSlice(db, row.chunk_set, row.chunk_bytes, start, end);
}

/** Bytes `start..end` of a chunk set whose chunks hold `chunkBytes` each (the last one fewer). */
export async function readChunkSlice(
  db: Queryable,
  chunkSet: string,
  chunkBytes: number,
  start: number,
  end: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const first = Math.floor(start / chunkBytes);
  const last = Math.floor(end / chunkBytes);
  const { rows: hex } = await db.query<{ seq: number; data: string }>(
    `SELECT seq, ${HEX('data')} AS data FROM course_file_chunks WHERE chunk_set = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq`,
    [chunkSet, first, last],
  );
  const rows = hex.map((r) => ({ seq: r.seq, data: Buffer.from(r.data, 'hex') }));
  const out = new Uint8Array(Math.max(0, end - start + 1));
  let filled = 0;
  for (const [i, { seq, data }] of rows.entries()) {
    // A missing chunk would leave a gap: stop there, so the caller sees a short slice, never wrong bytes.
    if (seq !== first + i) break;
    const from = Math.max(start - seq * chunkBytes, 0);
    const to = Math.min(end - seq * chunkBytes + 1, data.length);
    if (to <= from) break;
    out.set(data.subarray(from, to), filled);
    filled += to - from;
    if (seq < last && data.length !== chunkBytes) break;
  }
  return filled === out.length ? out : out.slice(0, filled);
}
