import type { Context } from 'hono';
import type { RangeResult } from '../../shared/course/parse-range';
import { apiError } from '../http/api-error';
import type { Queryable } from '../store/store';
import { courseFileBody } from './course-file-body';

/**
 * Answers a stored course file for `range`: 416 with `Content-Range: bytes *\/size` beyond the end, else 200 or 206
 * with its length, streamed slice by slice (only what is sent is read, never the whole file).
 * Callers set their own caching headers first (the national route caches forever, a hub's mirror
 * route not at all).
 */
export function answerCourseFile(
  c: Context,
  db: Queryable,
  hash: string,
  file: { size: number; type: string },
  range: RangeResult,
) {
  if (range.kind === 'unsatisfiable') {
    c.header('Content-Range', `bytes */${file.size}`);
    return apiError(c, 416, 'range_not_satisfiable', `The file has ${file.size} bytes`);
  }
  const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, file.size - 1];
  c.header('Content-Type', file.type);
  c.header('Content-Length', String(end - start + 1));
  if (file.size === 0) return c.body(new Uint8Array(0), 200);
  const body = courseFileBody(db, hash, start, end);
  if (range.kind === 'full') return c.body(body, 200);
  c.header('Content-Range', `bytes ${start}-${end}/${file.size}`);
  return c.body(body, 206);
}
