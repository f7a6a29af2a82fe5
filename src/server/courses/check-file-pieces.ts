import { pieceHashes } from '../../cli/course/piece-hashes';
import { FILE_CHUNK_BYTES, chunkCount, type FileEntry } from '../../shared/course/manifest';
import type { Queryable } from '../store/store';
import { CourseProblem } from './course-problem';
import { readFileSlices } from './course-file-body';

/**
 * Checks the per-piece SHA-256s (`FileEntry.chunks`) of every listed file against the stored bytes,
 * so a manifest whose pieces are wrong is refused at publish instead of making every phone's
 * download fail with `hash_mismatch` on the bad piece. Each file streams through in store-sized
 * slices (one stored chunk per read), so a 100 MB video never sits in memory whole. The file's own
 * size was checked before; a file read back short is refused the same way, naming its first
 * missing piece. Throws `CourseProblem` 422 `piece_hash_mismatch` with `{ path, hash, piece }`.
 * @example await checkFilePieces(tx, manifest.files)
 */
export async function checkFilePieces(db: Queryable, files: readonly FileEntry[]): Promise<void> {
  const seen = new Set<string>();
  for (const file of files) {
    if (!file.chunks || seen.has(file.hash)) continue;
    seen.add(file.hash);
    await checkOneFile(db, file, file.chunks);
  }
}

async function checkOneFile(db: Queryable, file: FileEntry, chunks: readonly string[]): Promise<void> {
  // The manifest schema already holds the count to the size; kept here so no caller can skip it.
  if (chunks.length !== chunkCount(file.size)) refuse(file, Math.min(chunks.length, chunkCount(file.size)));
  // The same piece hashing as the builders' (CLI and drafts), so publish checks what they wrote.
  const { hashes, size } = await pieceHashes(readFileSlices(db, file.hash, file.size));
  // Read back short: the pieces before the gap are still compared first, then the gap is named.
  const whole = size < file.size ? Math.floor(size / FILE_CHUNK_BYTES) : hashes.length;
  const bad = hashes.slice(0, whole).findIndex((h, i) => h !== chunks[i]);
  if (bad >= 0) refuse(file, bad);
  if (size < file.size) refuse(file, whole);
}

function refuse(file: FileEntry, piece: number): never {
  const start = piece * FILE_CHUNK_BYTES;
  const end = Math.min(start + FILE_CHUNK_BYTES, file.size) - 1;
  throw new CourseProblem(
    422,
    'piece_hash_mismatch',
    `File ${file.path}: piece ${piece} (bytes ${start}-${end}) does not match its SHA-256 in the manifest's chunks`,
    { path: file.path, hash: file.hash, piece },
  );
}
