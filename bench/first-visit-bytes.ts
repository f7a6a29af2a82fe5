// What a first visit fetches, counted in Chromium: every response the page received (document,
// scripts, styles, manifest, icons) plus the service worker (sw.js and the app chunks it imports: it
// is a module worker), sized as gzip -9 and as brotli of the served file (the server sends brotli to a
// browser that accepts it, gzip otherwise) and as the uncompressed bodies; then
// the service worker's precache on top: every precached file the page did not already load (a
// hashed file the page loaded comes from the HTTP cache: assets are served immutable), and every
// revisioned one again (Workbox fetches it under its own `__WB_REVISION__` URL).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { precacheEntries } from './precache-entries';

export interface VisitBytes {
  /** The page's scripts (not sw.js), as the build's 70 KB budget counts them. */
  jsGzip: number;
  swGzip: number;
  totalGzip: number;
  /** Response bodies as the server sent them (it sends them uncompressed). */
  totalWire: number;
  files: string[];
  /** All precached files, gzip. */
  precacheGzip: number;
  /** totalGzip + what the precache fetches beyond the page's own responses. */
  withPrecacheGzip: number;
  /** The same files as withPrecacheGzip, brotli (quality 11, as src/server/http/compressed-file.ts). */
  withPrecacheBrotli: number;
  precacheOnly: string[];
}

const brotli = (body: Buffer) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** sw.js and the chunks it imports, transitively (`/sw.js`, `/assets/…`): a module service worker's install loads them all. */
export function serviceWorkerFiles(staticDir: string): string[] {
  const files = ['/sw.js'];
  for (let i = 0; i < files.length; i++) {
    const dir = files[i]!.replace(/[^/]*$/, '');
    const code = readFileSync(join(staticDir, files[i]!), 'utf8');
    for (const m of code.matchAll(/(?:from|import)\s*["']\.\/([^"']+)["']/g)) {
      const file = `${dir}${m[1]!}`;
      if (!files.includes(file)) files.push(file);
    }
  }
  return files;
}

/** Starts recording the page's responses; call the returned function after the visit. */
export function recordFirstVisit(page: Page, staticDir: string): () => Promise<VisitBytes> {
  const seen = new Map<string, string>();
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.pathname.startsWith('/api/') || res.status() !== 200) return;
    seen.set(url.pathname, res.request().resourceType());
  });
  return async () => {
    // The browser fetches the SW's scripts itself (not as page responses): a first visit pays for them too.
    for (const file of serviceWorkerFiles(staticDir)) if (!seen.has(file)) seen.set(file, 'serviceworker');
    let jsGzip = 0;
    let swGzip = 0;
    let totalGzip = 0;
    let totalWire = 0;
    let totalBrotli = 0;
    const files: string[] = [];
    for (const [path, type] of seen) {
      const file = join(staticDir, path === '/' ? 'index.html' : path);
      if (!statSync(file, { throwIfNoEntry: false })?.isFile()) continue;
      const body = readFileSync(file);
      const gz = gzipSync(body, { level: 9 }).length;
      files.push(path);
      totalGzip += gz;
      totalWire += body.length;
      totalBrotli += brotli(body);
      if (type === 'script') jsGzip += gz;
      if (type === 'serviceworker') swGzip += gz;
    }
    let precacheGzip = 0;
    let extra = 0;
    let extraBrotli = 0;
    const precacheOnly: string[] = [];
    for (const entry of precacheEntries(staticDir)) {
      const body = readFileSync(join(staticDir, entry.url === '/' ? 'index.html' : entry.url));
      const gz = gzipSync(body, { level: 9 }).length;
      precacheGzip += gz;
      if (entry.revision === null && seen.has(entry.url)) continue;
      extra += gz;
      extraBrotli += brotli(body);
      precacheOnly.push(entry.url);
    }
    return {
      jsGzip,
      swGzip,
      totalGzip,
      totalWire,
      files,
      precacheGzip,
      withPrecacheGzip: totalGzip + extra,
      withPrecacheBrotli: totalBrotli + extraBrotli,
      precacheOnly,
    };
  };
}
