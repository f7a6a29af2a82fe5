// The authoring screens' cost, and proof that a learner never pays it: the gzip size of the files
// that hold src/app/authoring (found by what they contain, not by a file name that changes with
// every split), and how many of them a learner's first visit fetches — the page's own responses
// (index.html and its modulepreloads) and the service worker's precache. Measured on the built app.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { precacheEntries } from './precache-entries';

export interface AuthoringChunkResult {
  /** The authoring files, as served paths (`/assets/…`). */
  files: string[];
  /** Their JS and CSS, gzip -9. */
  gzipBytes: number;
  /** Of those, the ones a learner's first visit loads (index.html references or the precache): 0 is the target. */
  inLearnerFirstLoad: string[];
}

/** Strings only the authoring screens' code holds: the author API path and a screen's own message key. */
const MARKERS = ['/api/authoring/courses', 'author.create.submit'];

/** A staff screen group, found in the built files by what its code contains. */
export interface ScreenGroup {
  /** Whether a built JS file belongs to the group, by its text. */
  holds: (text: string) => boolean;
  /** What the error says when nothing matches (a figure of 0 bytes would hide a broken finder). */
  name: string;
}

/** The authoring screens: the files that hold both the author API path and a screen's message key. */
export const AUTHORING: ScreenGroup = {
  name: 'the authoring screens',
  holds: (text) => MARKERS.every((m) => text.includes(m)),
};

/**
 * The monitoring and operator screens: the report API client and the chart code (which names a chart's
 * message key; the staff catalogue names it too, and is measured on its own as `STAFF_CATALOGUE`).
 */
export const MONITORING: ScreenGroup = {
  name: 'the monitoring screens',
  holds: (text) =>
    !STAFF_CATALOGUE.holds(text) && (text.includes('/api/reports/regions') || text.includes('chart.weekly.title')),
};

/** The staff screens' message catalogue (`src/app/i18n/staff-messages.ts`), loaded with any staff screen. */
export const STAFF_CATALOGUE: ScreenGroup = {
  name: 'the staff message catalogue',
  holds: (text) =>
    text.includes('chart.weekly.title') && text.includes('author.create.submit') && !text.includes('/api/'),
};

/** The certificate PDF maker (jsPDF), loaded only when a learner taps "Unduh PDF". */
export const CERTIFICATE_PDF: ScreenGroup = {
  name: 'the certificate PDF maker',
  holds: (text) => text.includes('jsPDF') && text.includes('addPage'),
};

/** The QR decoder for phones without BarcodeDetector (jsQR), loaded only when a scan needs it. */
export const QR_DECODER: ScreenGroup = {
  name: 'the QR decoder',
  // Strings of jsQR's own code (its option values as it compares them), not of the learner's
  // scan-qr.ts that calls it with `{ inversionAttempts: 'dontInvert' }` from the verify screen's chunk.
  holds: (text) => text.includes('attemptBoth') && text.includes('onlyInvert') && text.length > 20_000,
};

/**
 * Finds the authoring chunk(s) of a built app in `appDir` and what a learner's first load holds of them.
 * `firstVisitFiles` are the paths a real first visit received (the app-shell bench's list), when measured.
 */
export function measureAuthoringChunk(appDir: string, firstVisitFiles: readonly string[] = []): AuthoringChunkResult {
  return measureScreenChunks(appDir, AUTHORING, firstVisitFiles);
}

/** The built files of a screen group (JS and the stylesheets named after them), their gzip size, and which a learner's first load holds. */
export function measureScreenChunks(
  appDir: string,
  group: ScreenGroup,
  firstVisitFiles: readonly string[] = [],
): AuthoringChunkResult {
  const assets = readdirSync(join(appDir, 'assets'));
  const js = assets.filter((f) => f.endsWith('.js'));
  const found = js.filter((f) => group.holds(readFileSync(join(appDir, 'assets', f), 'utf8')));
  if (found.length === 0) throw new Error(`no built file holds ${group.name}`);
  // The chunk's own stylesheet carries its name (Vite names CSS after the chunk that imports it).
  const stem = (f: string) => f.replace(/-[\w-]{8}\.js$/, '');
  const css = assets.filter((f) => f.endsWith('.css') && found.some((j) => f.startsWith(`${stem(j)}-`)));
  const files = [...found, ...css].map((f) => `/assets/${f}`);
  const gzipBytes = [...found, ...css].reduce(
    (sum, f) => sum + gzipSync(readFileSync(join(appDir, 'assets', f)), { level: 9 }).length,
    0,
  );
  const html = readFileSync(join(appDir, 'index.html'), 'utf8');
  const learner = new Set([
    ...[...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]!),
    ...precacheEntries(appDir).map((e) => e.url),
    ...firstVisitFiles,
  ]);
  return { files, gzipBytes, inLearnerFirstLoad: files.filter((f) => learner.has(f)) };
}
