// Reading course files stored whole or in chunks (src/db/course-records.ts StoredFile, FileChunk).
// Used by the service worker (Range answers), the app (lessons, PDFs) and the download worker.
import Dexie from 'dexie';
import type { FileChunk, StoredFile } from './course-records';
import type { LenteraDatabase } from './database';

/** The key range of every chunk of one file, in byte order. */
function chunkKeys(db: LenteraDatabase, hash: string) {
  return db.fileChunks.where('[hash+start]').between([hash, Dexie.minKey], [hash, Dexie.maxKey], true, true);
}

/**
 * How many bytes from the start of a file are stored as contiguous chunks; a chunk after a gap
 * (never written by the download, but a damaged store could have one) is deleted.
 */
export async function storedPrefix(db: LenteraDatabase, hash: string): Promise<number> {
  let end = 0;
  const stray: Array<[string, number]> = [];
  await chunkKeys(db, hash).each((chunk: FileChunk) => {
    if (chunk.start === end && stray.length === 0) end += chunk.blob.size;
    else stray.push([chunk.hash, chunk.start]);
  });
  if (stray.length > 0) await db.fileChunks.bulkDelete(stray);
  return end;
}

/** Deletes every chunk of a file. */
export async function deleteChunks(db: LenteraDatabase, hash: string): Promise<void> {
  await chunkKeys(db, hash).delete();
}

/** The chunks of a file in byte order (their blobs are handles: nothing is read into memory). */
export async function chunksOf(db: LenteraDatabase, hash: string): Promise<FileChunk[]> {
  return chunkKeys(db, hash).toArray();
}

/**
 * The bytes `start..end` (inclusive) of a chunked file, one chunk at a time: only the chunks the
 * range covers are read, and at most one of them is in memory at once.
 * @example for await (const bytes of readChunkRange(db, hash, 1_000_000, 1_999_999)) controller.enqueue(bytes);
 */
export async function* readChunkRange(
  db: LenteraDatabase,
  hash: string,
  start: number,
  end: number,
): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  // The chunk holding `start` is the last one that begins at or before it.
  const first = await db.fileChunks.where('[hash+start]').between([hash, 0], [hash, start], true, true).last();
  if (!first) throw new Error(`no chunk of ${hash} at ${start}`);
  let chunk: FileChunk | undefined = first;
  while (chunk) {
    const from = Math.max(0, start - chunk.start);
    const to = Math.min(chunk.blob.size, end + 1 - chunk.start);
    if (to > from) yield new Uint8Array(await chunk.blob.slice(from, to).arrayBuffer());
    const next: number = chunk.start + chunk.blob.size;
    if (next > end || chunk.blob.size === 0) return;
    chunk = await db.fileChunks.get([hash, next]);
    if (!chunk) throw new Error(`chunk of ${hash} at ${next} is missing`);
  }
}

/**
 * The whole file as one Blob, whichever way it is stored. For a chunked file the Blob is made of
 * the stored chunk blobs (the browser keeps them on disk), so it costs no memory until read.
 * @example const pdf = await storedFileBlob(db, await db.files.get(hash));
 */
export async function storedFileBlob(db: LenteraDatabase, file: StoredFile): Promise<Blob> {
  if (file.blob) return file.blob;
  return new Blob(
    (await chunksOf(db, file.hash)).map((c) => c.blob),
    { type: file.type },
  );
}

/**
 * Whether every byte of a chunked file is still stored, chunk after chunk from 0 to `size`; read
 * only (unlike `storedPrefix`), so a screen may ask. The browser can evict IndexedDB data, and a
 * damaged store can lose records: a file whose record says "complete" is checked by this.
 */
export async function chunkedFileComplete(db: LenteraDatabase, hash: string, size: number): Promise<boolean> {
  let end = 0;
  let gap = false;
  await chunkKeys(db, hash).each((chunk: FileChunk) => {
    if (chunk.start === end) end += chunk.blob.size;
    else gap = true;
  });
  return !gap && end === size;
}
