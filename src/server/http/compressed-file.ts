import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export type Encoding = 'br' | 'gzip';

/** Text types worth compressing; images and media are already compressed. */
export const COMPRESSIBLE = /^(text\/|application\/(json|javascript|manifest\+json)|image\/svg\+xml)/;

const cache = new Map<string, Promise<Buffer>>();

/** The best encoding the client accepts, brotli first (≈15 % smaller than gzip on our bundles). */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | null {
  const accepted = (acceptEncoding ?? '').toLowerCase();
  if (/\bbr\b/.test(accepted)) return 'br';
  if (/\bgzip\b/.test(accepted)) return 'gzip';
  return null;
}

/**
 * The file compressed with `encoding`, at maximum quality, computed once per file version
 * (`etag`) and kept in memory: the built app is a few hundred KB and every phone pays per byte.
 */
export function compressedFile(path: string, etag: string, encoding: Encoding): Promise<Buffer> {
  const key = `${encoding}:${path}:${etag}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = readFile(path).then((data) =>
      encoding === 'br'
        ? brotli(data, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
          })
        : gz(data, { level: 9 }),
    );
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
  }
  return entry;
}
