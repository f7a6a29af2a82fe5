// What a first visit fetches, counted in Chromium: every response the page received (document,
// scripts, styles, manifest, icons) plus the service worker script, sized as gzip -9 of the served
// file (the transfer a gzip-serving server would make) and as the bytes that actually crossed; then
// the service worker's precache on top: every precached file the page did not already load (a
// hashed file the page loaded comes from the HTTP cache: assets are served immutable), and every
// revisioned one again (Workbox fetches it under its own `__WB_REVISION__` URL).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
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
  precacheOnly: string[];
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
    // The browser fetches the SW script itself (not as a page response): a first visit pays for it too.
    seen.set('/sw.js', 'serviceworker');
    let jsGzip = 0;
    let swGzip = 0;
    let totalGzip = 0;
    let totalWire = 0;
    const files: string[] = [];
    for (const [path, type] of seen) {
      const file = join(staticDir, path === '/' ? 'index.html' : path);
      if (!statSync(file, { throwIfNoEntry: false })?.isFile()) continue;
      const body = readFileSync(file);
      const gz = gzipSync(body, { level: 9 }).length;
      files.push(path);
      totalGzip += gz;
      totalWire += body.length;
      if (type === 'script') jsGzip += gz;
      if (type === 'serviceworker') swGzip += gz;
    }
    let precacheGzip = 0;
    let extra = 0;
    const precacheOnly: string[] = [];
    for (const entry of precacheEntries(staticDir)) {
      const gz = gzipSync(readFileSync(join(staticDir, entry.url === '/' ? 'index.html' : entry.url)), {
        level: 9,
      }).length;
      precacheGzip += gz;
      if (entry.revision === null && seen.has(entry.url)) continue;
      extra += gz;
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
      precacheOnly,
    };
  };
}
