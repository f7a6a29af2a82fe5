import type { Queryable } from '../store/store';
import { readFileSlice } from './read-course-file';

/** How much of a stored file one read takes from the database (the upload's chunk size). */
export const SLICE_BYTES = 1024 * 1024;

/**
 * Bytes `start..end` (inclusive) of a stored file as a stream read slice by slice as the client
 * takes it (pull, so a slow link holds back the reads): serving a 100 MB video to ten phones holds
 * about ten slices in memory, not ten videos. A file shorter in the store than `end` errors the
 * stream, so a client never receives a silently short body under a full `Content-Length`.
 */
export function courseFileBody(db: Queryable, hash: string, start: number, end: number): ReadableStream<Uint8Array> {
  let offset = start;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (offset > end) {
          controller.close();
          return;
        }
        // Slices end on chunk boundaries, so each read touches one stored chunk.
        const sliceEnd = Math.min(end, (Math.floor(offset / SLICE_BYTES) + 1) * SLICE_BYTES - 1);
        const bytes = await readFileSlice(db, hash, offset, sliceEnd);
        if (bytes.length !== sliceEnd - offset + 1) {
          controller.error(new Error(`course file ${hash} is shorter in the store than its size says`));
          return;
        }
        controller.enqueue(bytes);
        offset = sliceEnd + 1;
      },
    },
    // No read-ahead beyond the slice being sent.
    { highWaterMark: 0 },
  );
}

/**
 * A stored file's bytes one slice at a time (for piece hashes at publish): a 200 MiB video never
 * sits in memory whole, and no query returns more than one slice's hex text. Ends after a slice the
 * store holds short, so the caller sees fewer bytes than `size` (a missing chunk).
 */
export async function* readFileSlices(db: Queryable, hash: string, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < size; offset += SLICE_BYTES) {
    const end = Math.min(offset + SLICE_BYTES, size) - 1;
    const slice = await readFileSlice(db, hash, offset, end);
    yield slice;
    if (slice.length !== end - offset + 1) return;
  }
}
