// Prints what a learner's first visit transfers, file by file: the page's assets (what index.html
// references), the service worker (sw.js and the app chunks it imports), and what the precache adds
// on top (every file it lists that neither the page nor the service worker already loaded, and every
// revisioned file again). Two sizes per file: gzip -9, and brotli (quality 11), which is what the
// server sends a browser that accepts it (every browser over HTTPS: src/server/http/compressed-file.ts).
// The JS total is checked against the 70 KB budget, the whole first visit against 150 KB (gzip).
// Measured and reported, not asserted: see docs/benchmarks.md (`npm run bench` measures it in Chromium).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const DIST = process.argv[2] ?? 'dist';
const BUDGET = 70 * 1024;
const FIRST_VISIT_BUDGET = 150 * 1024;
const html = readFileSync(join(DIST, 'index.html'), 'utf8');
// Every file index.html references, except the apple-touch-icon: only iOS fetches it, and the bench's
// Chromium visit (bench/first-visit-bytes.ts), whose sum this table must equal, never asks for it.
const refs = new Set(
  [...html.matchAll(/<link rel="apple-touch-icon"[^>]*>|(?:src|href)="\/([^"]+)"/g)].flatMap((m) =>
    m[1] ? [m[1]] : [],
  ),
);
// Chromium also fetches the manifest's icon for 'any' use on a first visit (installability), once
// even when the favicon is the same file.
const manifestIcon = JSON.parse(readFileSync(join(DIST, 'manifest.webmanifest'), 'utf8')).icons?.find((i) =>
  (i.purpose ?? 'any').split(' ').includes('any'),
);
if (manifestIcon) refs.add(manifestIcon.src.replace(/^\//, ''));
const bytes = (file) => readFileSync(join(DIST, file));
const gz = (file) => gzipSync(bytes(file), { level: 9 }).length;
const br = (file) => brotliCompressSync(bytes(file), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => (n / 1024).toFixed(1).padStart(7);

/** sw.js and every chunk it imports, transitively (a module service worker loads them on install). */
function serviceWorkerFiles() {
  const files = ['sw.js'];
  for (let i = 0; i < files.length; i++) {
    const dir = files[i].includes('/') ? files[i].replace(/\/[^/]*$/, '/') : '';
    for (const m of bytes(files[i])
      .toString('utf8')
      .matchAll(/(?:from|import)\s*["']\.\/([^"']+)["']/g)) {
      const file = `${dir}${m[1]}`.replace(/^\.\//, '');
      if (!files.includes(file)) files.push(file);
    }
  }
  return files;
}

// Static imports of the entry (modulepreload) are first-load too; lazy chunks are not listed in index.html.
// The document itself is the first response of a visit (the precache fetches it again, revisioned).
const page = ['index.html', ...[...refs].filter((f) => statSync(join(DIST, f), { throwIfNoEntry: false })?.isFile())];
const worker = serviceWorkerFiles().filter((f) => !refs.has(f));
// The precache list Workbox injected into sw.js: {"revision":null|"…","url":"…"}.
const sw = bytes('sw.js').toString('utf8');
const entries = new Map(
  [...sw.matchAll(/\{"revision":(null|"[^"]*"),"url":"([^"]+)"\}/g)].map((m) => [m[2].replace(/^\//, ''), m[1]]),
);
const loaded = new Set([...page, ...worker]);
const extra = [...entries].filter(([url, revision]) => revision !== 'null' || !loaded.has(url)).map(([url]) => url);

let js = 0;
const totals = { gz: 0, br: 0 };
function section(title, files) {
  console.log(`  ${title}:`);
  const sum = { gz: 0, br: 0 };
  for (const file of files) {
    const g = gz(file);
    const b = br(file);
    sum.gz += g;
    sum.br += b;
    if (title === 'page' && file.endsWith('.js')) js += g;
    console.log(`    ${file.padEnd(46)} ${kb(g)} KB ${kb(b)} KB`);
  }
  console.log(`    ${`${files.length} files`.padEnd(46)} ${kb(sum.gz)} KB ${kb(sum.br)} KB`);
  totals.gz += sum.gz;
  totals.br += sum.br;
}
console.log(`\nFirst visit (${''.padEnd(38)}   gzip -9     brotli):`);
section('page', page);
section('service worker', worker);
section(
  'precache on top (revisioned files fetched again)',
  extra.sort((a, b) => gz(b) - gz(a)),
);
const lazy = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js') && !loaded.has(`assets/${f}`));
console.log(`  (${lazy.length} chunk(s) not loaded by the page or the service worker; precached or on demand)`);
console.log(
  `  first-load JS: ${(js / 1024).toFixed(1)} KB of ${BUDGET / 1024} KB budget${js > BUDGET ? '  ** OVER BUDGET **' : ''}`,
);
const precache = [...entries.keys()].reduce((sum, url) => sum + gz(url), 0);
console.log(`  precache: ${entries.size} files, ${(precache / 1024).toFixed(1)} KB`);
// Bytes as well as KB: the same sum as the bench's `first_visit_with_precache_gzip_bytes` on this build.
console.log(
  `  first visit incl. precache: ${(totals.gz / 1024).toFixed(1)} KB gzip = ${totals.gz} B (${(totals.br / 1024).toFixed(1)} KB brotli) of ${
    FIRST_VISIT_BUDGET / 1024
  } KB budget${totals.gz > FIRST_VISIT_BUDGET ? '  ** OVER BUDGET (gzip) **' : ''}\n`,
);
