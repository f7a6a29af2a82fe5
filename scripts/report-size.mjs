// Prints the gzip size of every asset a first visit loads (what index.html references), the JS
// total against the 70 KB budget, and what the service worker's precache adds on top (everything it
// lists that the page did not load, revisioned files again) against the 150 KB first-visit budget.
// Measured and reported, not asserted: see docs/benchmarks.md (`npm run bench` measures it in Chromium).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = process.argv[2] ?? 'dist';
const BUDGET = 70 * 1024;
const FIRST_VISIT_BUDGET = 150 * 1024;
const html = readFileSync(join(DIST, 'index.html'), 'utf8');
const refs = new Set([...html.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((m) => m[1]));
// Static imports of the entry (modulepreload) are first-load too; lazy chunks are not listed in index.html.
const gz = (file) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
const rows = [...refs].filter((f) => statSync(join(DIST, f), { throwIfNoEntry: false })?.isFile());
rows.push('sw.js');
let js = 0,
  total = 0;
console.log('\nFirst-load assets (gzip -9):');
for (const file of rows) {
  const size = gz(file);
  total += size;
  if (file.endsWith('.js') && file !== 'sw.js') js += size;
  console.log(`  ${file.padEnd(44)} ${(size / 1024).toFixed(1).padStart(7)} KB`);
}
const lazy = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js') && !refs.has(`assets/${f}`));
if (lazy.length) console.log(`  (+ ${lazy.length} lazy chunk(s), loaded on demand)`);
console.log(
  `  first-load JS: ${(js / 1024).toFixed(1)} KB of ${BUDGET / 1024} KB budget${js > BUDGET ? '  ** OVER BUDGET **' : ''}`,
);
console.log(`  all first-load: ${(total / 1024).toFixed(1)} KB (sw.js included: it is fetched on the first visit)`);

// The precache list Workbox injected into sw.js: {"revision":null|"…","url":"…"}.
const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
const entries = new Map(
  [...sw.matchAll(/\{"revision":(null|"[^"]*"),"url":"([^"]+)"\}/g)].map((m) => [m[2].replace(/^\//, ''), m[1]]),
);
let precache = 0,
  extra = 0;
for (const [url, revision] of entries) {
  const size = gz(url);
  precache += size;
  if (revision !== 'null' || !refs.has(url)) extra += size;
}
const firstVisit = total + extra;
console.log(`  precache: ${entries.size} files, ${(precache / 1024).toFixed(1)} KB`);
console.log(
  `  first visit incl. precache: ${(firstVisit / 1024).toFixed(1)} KB of ${FIRST_VISIT_BUDGET / 1024} KB budget${
    firstVisit > FIRST_VISIT_BUDGET ? '  ** OVER BUDGET **' : ''
  }\n`,
);
