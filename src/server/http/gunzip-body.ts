import { gunzip } from 'node:zlib';
import { createMiddleware } from 'hono/factory';
import { apiError } from './api-error';
import type { AppEnv } from './app-env';

const inflate = (data: Uint8Array, maxOutputLength: number) =>
  new Promise<Buffer>((resolve, reject) =>
    gunzip(data, { maxOutputLength }, (err, out) => (err ? reject(err) : resolve(out))),
  );

/**
 * Accepts `Content-Encoding: gzip` request bodies (every byte crosses 2G). The decoded size is
 * capped at `maxBodyBytes` while inflating, so a gzip bomb costs at most that much memory: 413.
 */
export function gunzipBody() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const encoding = (c.req.header('content-encoding') ?? 'identity').trim().toLowerCase();
    if (encoding === 'identity') return next();
    if (encoding !== 'gzip') {
      return apiError(c, 415, 'unsupported_encoding', `Content-Encoding ${encoding} is not supported; use gzip`);
    }
    const limit = c.var.config.maxBodyBytes;
    const compressed = new Uint8Array(await c.req.arrayBuffer());
    let text: string;
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
