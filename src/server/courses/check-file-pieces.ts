import { createHash } from 'node:crypto';
import { FILE_CHUNK_BYTES, chunkCount, type FileEntry } from '../../shared/course/manifest';
import type { Queryable } from '../store/store';
import { SLICE_BYTES } from './course-file-body';
import { CourseProblem } from './course-problem';
import { readFileSlice } from './read-course-file';

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
  let piece = 0;
  let hash = createHash('sha256');
  let inPiece = 0;
  for (let offset = 0; offset < file.size; offset += SLICE_BYTES) {
    const end = Math.min(offset + SLICE_BYTES, file.size) - 1;
    const bytes = await readFileSlice(db, file.hash, offset, end);
    if (bytes.length !== end - offset + 1) refuse(file, Math.floor((offset + bytes.length) / FILE_CHUNK_BYTES));
    for (let at = 0; at < bytes.length;) {
      const take = Math.min(FILE_CHUNK_BYTES - inPiece, bytes.length - at);
      hash.update(bytes.subarray(at, at + take));
      at += take;
      inPiece += take;
      if (inPiece === FILE_CHUNK_BYTES || offset + at === file.size) {
        if (hash.digest('hex') !== chunks[piece]) refuse(file, piece);
        piece++;
        inPiece = 0;
        hash = createHash('sha256');
      }
    }
  }
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
