import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export type Encoding = 'br' | 'gzip';

/** Text types worth compressing; images and media are already compressed. */
export const COMPRESSIBLE = /^(text\/|application\/(json|javascript|manifest\+json)|image\/svg\+xml)/;

/** Per file and encoding, only its current version: a redeploy in place replaces, never accumulates. */
const compressed = new Map<string, { version: string; data: Promise<Buffer> }>();
/** Per file, its content version for the size and modification time it had when read. */
const versions = new Map<string, { stamp: string; version: Promise<string> }>();

/** Files ever served, old builds' hashed assets included: past this, the oldest entry goes. */
const MAX_ENTRIES = 1000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key); // re-inserted last: Map order is insertion order, so the first key is the oldest
  map.set(key, value);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
}

/** The best encoding the client accepts, brotli first (≈15 % smaller than gzip on our bundles). */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | null {
  const accepted = (acceptEncoding ?? '').toLowerCase();
  if (/\bbr\b/.test(accepted)) return 'br';
  if (/\bgzip\b/.test(accepted)) return 'gzip';
  return null;
}

/**
 * A version of the file's bytes (SHA-256, 16 hex digits), for its ETag. Made from the content, not
 * the modification time, so every process behind a load balancer — each with its own copy of the
 * build, copied or built at another moment — answers a phone's revalidation with the same ETag and
 * a 304, whichever process the request reaches. Read once per file and size/mtime seen.
 */
export function fileVersion(path: string, size: number, mtimeMs: number): Promise<string> {
  const stamp = `${size}-${Math.floor(mtimeMs)}`;
  const known = versions.get(path);
  if (known?.stamp === stamp) return known.version;
  const version = readFile(path).then((data) => createHash('sha256').update(data).digest('hex').slice(0, 16));
  version.catch(() => {
    if (versions.get(path)?.version === version) versions.delete(path);
  });
  remember(versions, path, { stamp, version });
  return version;
}

/**
 * The file compressed with `encoding`, at maximum quality, computed once per file version
 * (from `fileVersion`) and kept in memory: the built app is a few hundred KB and every phone pays per
 * byte. Only the newest version of each file is kept.
 */
export function compressedFile(path: string, version: string, encoding: Encoding): Promise<Buffer> {
  const key = `${encoding}:${path}`;
  const known = compressed.get(key);
  if (known?.version === version) return known.data;
  const data = readFile(path).then((bytes) =>
    encoding === 'br'
      ? brotli(bytes, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
        })
      : gz(bytes, { level: 9 }),
  );
  data.catch(() => {
    if (compressed.get(key)?.data === data) compressed.delete(key);
  });
  remember(compressed, key, { version, data });
  return data;
}

/** How many compressed bodies are held (tests: the cache stays bounded across redeploys). */
export function compressedEntries(): number {
  return compressed.size;
}
