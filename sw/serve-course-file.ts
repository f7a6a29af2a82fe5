import { parseRange } from '../src/shared/course/parse-range';
import { readStoredFile } from './read-stored-file';

/** `/offline/files/<sha256>`: course files served from IndexedDB (src/app/courses/read-course-file.ts). */
export const OFFLINE_FILE_PATH = /^\/offline\/files\/([0-9a-f]{64})$/;

/**
 * Answers a request for an installed course file, with `Range` → 206 so audio and video seek
 * offline, 416 outside the file, and 404 when the file is not on the device.
 * @example registerRoute(({ url }) => OFFLINE_FILE_PATH.test(url.pathname), ({ request }) => serveCourseFile(request))
 */
export async function serveCourseFile(request: Request): Promise<Response> {
  const hash = OFFLINE_FILE_PATH.exec(new URL(request.url).pathname)?.[1];
  const file = hash ? await readStoredFile(hash) : null;
  if (!file) return new Response('Not on this device', { status: 404, headers: { 'Content-Type': 'text/plain' } });
  const size = file.blob.size;
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
  if (range.kind === 'partial') {
    headers.set('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
    headers.set('Content-Length', String(range.end - range.start + 1));
    return new Response(file.blob.slice(range.start, range.end + 1), { status: 206, headers });
  }
  headers.set('Content-Length', String(size));
  return new Response(file.blob, { status: 200, headers });
}
