import { db } from '../src/db/database';
import { readChunkRange } from '../src/db/file-chunks';
import type { StoredFile } from '../src/db/course-records';
import { parseRange } from '../src/shared/course/parse-range';
import { readStoredFile } from './read-stored-file';

/** `/offline/files/<sha256>`: course files served from IndexedDB (src/app/courses/read-course-file.ts). */
export const OFFLINE_FILE_PATH = /^\/offline\/files\/([0-9a-f]{64})$/;

/**
 * Answers a request for an installed course file, with `Range` → 206 so audio and video seek
 * offline, 416 outside the file, and 404 when the file is not on the device. A large file stored in
 * chunks is streamed from the chunks the range covers, one at a time: a seek into a 100 MB video
 * reads a few chunks, never the whole file.
 * @example registerRoute(({ url }) => OFFLINE_FILE_PATH.test(url.pathname), ({ request }) => serveCourseFile(request))
 */
export async function serveCourseFile(request: Request): Promise<Response> {
  const hash = OFFLINE_FILE_PATH.exec(new URL(request.url).pathname)?.[1];
  const file = hash ? await readStoredFile(hash) : null;
  if (!file) return new Response('Not on this device', { status: 404, headers: { 'Content-Type': 'text/plain' } });
  const size = file.size;
  const headers = new Headers({
    'Content-Type': file.type,
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-cache',
    ETag: `"${file.hash}"`,
  });
  const range = parseRange(request.headers.get('range') ?? undefined, size);
  if (range.kind === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size - 1];
  headers.set('Content-Length', String(end - start + 1));
  if (range.kind === 'partial') headers.set('Content-Range', `bytes ${start}-${end}/${size}`);
  const status = range.kind === 'partial' ? 206 : 200;
  if (file.blob)
    return new Response(range.kind === 'partial' ? file.blob.slice(start, end + 1) : file.blob, { status, headers });
  return new Response(size === 0 ? null : chunkStream(file, start, end), { status, headers });
}

/** A body that reads the next chunk only when the player asks for more (backpressure). */
function chunkStream(file: StoredFile, start: number, end: number): ReadableStream<Uint8Array> {
  const pieces = readChunkRange(db, file.hash, start, end);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await pieces.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (err) {
          controller.error(err); // a chunk went missing (storage evicted mid-play): the player shows its error
        }
      },
      cancel() {
        void pieces.return(undefined); // the player seeked away: stop reading chunks
      },
    },
    { highWaterMark: 0 },
  );
}
