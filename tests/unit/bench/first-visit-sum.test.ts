// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { recordFirstVisit } from '../../../bench/first-visit-bytes';

// A built folder of the app's shape: a document with an entry, a preloaded chunk, a stylesheet, an
// icon, the iOS-only touch icon and a web manifest; a module service worker importing a chunk, with a
// precache list of hashed and revisioned entries. The content differs per file so gzip sizes do too.
const dir = mkdtempSync(join(tmpdir(), 'lentera-first-visit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const files: Record<string, string> = {
  'index.html': `<!doctype html><html><head>
    <link rel="icon" href="/icons/icon-192.png" type="image/png" />
    <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
    <script type="module" crossorigin src="/assets/index-a.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/dexie-b.js">
    <link rel="stylesheet" crossorigin href="/assets/index-c.css">
  <link rel="manifest" href="/manifest.webmanifest"></head><body></body></html>`,
  'icons/icon-192.png': 'png'.repeat(90),
  'icons/apple-touch-icon.png': 'apple'.repeat(300),
  'icons/maskable-512.png': 'mask'.repeat(120),
  'manifest.webmanifest': '{"name":"Lentera","short_name":"Lentera"}',
  'assets/index-a.js': `import "./dexie-b.js"; ${'console.log("entry");'.repeat(40)}`,
  'assets/dexie-b.js': 'export const db = 1;'.repeat(200),
  'assets/index-c.css': 'body{margin:0}'.repeat(30),
  'assets/lesson-d.js': 'export const lesson = "markdown";'.repeat(150),
  'assets/sw-start-e.js': 'self.addEventListener("fetch", () => {});'.repeat(20),
  'sw.js': `import "./assets/sw-start-e.js"; self.__WB_MANIFEST = [${[
    ['null', 'assets/index-a.js'],
    ['null', 'assets/dexie-b.js'],
    ['null', 'assets/index-c.css'],
    ['null', 'assets/lesson-d.js'],
    ['"r1"', 'index.html'],
    ['"r2"', 'manifest.webmanifest'],
    ['"r3"', 'icons/icon-192.png'],
    ['"r4"', 'icons/maskable-512.png'],
  ]
    .map(([revision, url]) => `{"revision":${revision},"url":"${url}"}`)
    .join(',')}];`,
};
for (const [path, body] of Object.entries(files)) {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), body);
}

/** What Chromium's page receives on the first visit (no touch icon: only iOS asks for it). */
function visit(): Page {
  const responses: [string, string][] = [
    ['/', 'document'],
    ['/assets/index-a.js', 'script'],
    ['/assets/dexie-b.js', 'script'],
    ['/assets/index-c.css', 'stylesheet'],
    ['/icons/icon-192.png', 'other'],
    ['/manifest.webmanifest', 'manifest'],
  ];
  return {
    on(event: string, listener: (res: unknown) => void) {
      expect(event).toBe('response');
      for (const [path, type] of responses)
        listener({
          url: () => `http://127.0.0.1${path}`,
          status: () => 200,
          request: () => ({ resourceType: () => type }),
        });
    },
  } as unknown as Page;
}

it("prints the same first-visit sum after a build as the bench's key counts in the browser", async () => {
  const bench = await recordFirstVisit(visit(), dir)();
  const printed = execFileSync(process.execPath, ['scripts/report-size.mjs', dir], { encoding: 'utf8' });
  const sum = Number(/first visit incl\. precache: .* = (\d+) B/.exec(printed)?.[1]);
  expect(sum).toBeGreaterThan(0);
  expect(sum).toBe(bench.withPrecacheGzip);
  // The revisioned entries are fetched again; the lazy chunk only by the precache.
  expect(bench.precacheOnly.sort()).toEqual(
    [
      '/assets/lesson-d.js',
      '/icons/icon-192.png',
      '/icons/maskable-512.png',
      '/index.html',
      '/manifest.webmanifest',
    ].sort(),
  );
});
