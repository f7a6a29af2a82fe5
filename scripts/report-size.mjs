// Prints the gzip size of every asset a first visit loads (what index.html references), and the
// JS total against the 70 KB budget. Measured and reported, not asserted: see docs/benchmarks.md.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = process.argv[2] ?? 'dist';
const BUDGET = 70 * 1024;
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
console.log(`  all first-load: ${(total / 1024).toFixed(1)} KB (sw.js included: it is fetched on the first visit)\n`);
