import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { MiddlewareHandler } from 'hono';
import { COMPRESSIBLE, compressedFile, fileVersion, pickEncoding } from './compressed-file';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Files the browser must re-check every time, or an update would never be seen. */
/** Extensions that name a file the build could have made; anything else missing is a client route. */
const FILE_EXTENSION =
  /\.(?:html?|m?js|css|json|webmanifest|map|svg|png|jpe?g|gif|webp|ico|txt|woff2?|wasm|pdf|mp4|webm|vtt)$/i;

const ALWAYS_REVALIDATE = new Set(['/', '/index.html', '/sw.js', '/manifest.webmanifest']);

/**
 * Serves the built PWA from `root`: hashed assets cached forever, the shell and the service
 * worker revalidated on every visit, and unknown app routes answered with `index.html` (client routing).
 */
export function serveApp(root: string): MiddlewareHandler {
  const base = normalize(root + sep);
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return next(); // malformed percent-encoding names no file: the app's 404
    }
    if (path.startsWith('/api/') || path === '/healthz') return next();
    let file = normalize(join(base, path === '/' ? 'index.html' : path));
    if (!file.startsWith(base)) return next();
    let info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      // A deep link such as /kursus/abc or /pantau/34.02 (region codes have dots) is a client route;
      // a missing /x.js is a real 404. Only a file-type extension makes a path a file.
      if (FILE_EXTENSION.test(path)) return next();
      file = join(base, 'index.html');
      info = await stat(file).catch(() => null);
      if (!info?.isFile()) return next();
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const encoding = COMPRESSIBLE.test(type) ? pickEncoding(c.req.header('accept-encoding')) : null;
    const version = await fileVersion(file, info.size, info.mtimeMs);
    // One ETag per encoding, so a cache never answers a gzip request with brotli bytes.
    const etag = `W/"${version}${encoding ? `-${encoding}` : ''}"`;
    const headers: Record<string, string> = {
      'Content-Type': type,
      ETag: etag,
      'Cache-Control': path.startsWith('/assets/')
        ? 'public, max-age=31536000, immutable'
        : ALWAYS_REVALIDATE.has(path) || file.endsWith('index.html')
          ? 'no-cache'
          : 'public, max-age=3600',
    };
    if (path === '/sw.js') headers['Service-Worker-Allowed'] = '/';
    if (COMPRESSIBLE.test(type)) headers['Vary'] = 'Accept-Encoding';
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    if (encoding) {
      const data = await compressedFile(file, version, encoding);
      headers['Content-Encoding'] = encoding;
      headers['Content-Length'] = String(data.length);
      if (c.req.method === 'HEAD') return c.body(null, 200, headers);
      return c.body(new Uint8Array(data), 200, headers);
    }
    headers['Content-Length'] = String(info.size);
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    return c.body(body, 200, headers);
  };
}
