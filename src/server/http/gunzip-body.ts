import { gunzip } from 'node:zlib';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { apiError } from './api-error';
import type { AppEnv } from './app-env';

const inflate = (data: Uint8Array, maxOutputLength: number) =>
  new Promise<Buffer>((resolve, reject) =>
    gunzip(data, { maxOutputLength }, (err, out) => (err ? reject(err) : resolve(out))),
  );

/**
 * Reads the request body once, telling a body cut short by a dropped link (400 body_incomplete)
 * from a server error. Accepts `Content-Encoding: gzip` request bodies (every byte crosses 2G). The decoded size is
 * capped at `maxBodyBytes` while inflating, so a gzip bomb costs at most that much memory: 413.
 */
export function gunzipBody() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const encoding = (c.req.header('content-encoding') ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity' && encoding !== 'gzip') {
      return apiError(c, 415, 'unsupported_encoding', `Content-Encoding ${encoding} is not supported; use gzip`);
    }
    const limit = c.var.config.maxBodyBytes;
    let compressed: Uint8Array;
    try {
      compressed = new Uint8Array(await c.req.arrayBuffer());
    } catch (err) {
      if (err instanceof HTTPException) throw err; // the body limit's own 413
      // The client went away mid-body (a dropped 2G link): nothing was stored, it will retry.
      return apiError(c, 400, 'body_incomplete', 'The request body ended early');
    }
    let text: string;
    if (encoding === 'identity') {
      c.req.bodyCache = {
        text: Promise.resolve(new TextDecoder().decode(compressed)),
      } as unknown as typeof c.req.bodyCache;
      return next();
    }
    try {
      text = new TextDecoder().decode(await inflate(compressed, limit));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        return apiError(c, 413, 'body_too_large', `Decompressed body exceeds ${limit} bytes`);
      }
      return apiError(c, 400, 'bad_gzip', `Body is not valid gzip: ${(err as Error).message}`);
    }
    // Later readers (the JSON validator) get the decoded text instead of the raw bytes.
    // Hono types the cache loosely; at run time it holds one promise per body reader.
    c.req.bodyCache = { text: Promise.resolve(text) } as unknown as typeof c.req.bodyCache;
    await next();
  });
}
