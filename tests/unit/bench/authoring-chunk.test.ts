// @vitest-environment node
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  MONITORING,
  QR_DECODER,
  STAFF_CATALOGUE,
  measureAuthoringChunk,
  measureScreenChunks,
} from '../../../bench/authoring-chunk';

/** A built app folder with the given assets, index.html references and precache URLs. */
function builtApp(assets: Record<string, string>, html: string[], precache: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'lentera-authoring-chunk-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'assets'));
  for (const [name, text] of Object.entries(assets)) writeFileSync(join(dir, 'assets', name), text);
  writeFileSync(join(dir, 'index.html'), html.map((p) => `<script type="module" src="${p}"></script>`).join(''));
  const entries = precache.map((url) => `{"revision":null,"url":"${url.slice(1)}"}`).join(',');
  writeFileSync(join(dir, 'sw.js'), `precacheAndRoute([${entries}])`);
  return dir;
}

const authoring = 'fetch("/api/authoring/courses");t("author.create.submit")';

describe('authoring chunk figure', () => {
  it('sizes the files holding the authoring screens (JS and their CSS) and finds none in a learner first load', () => {
    const dir = builtApp(
      { 'index-AAAAAAAA.js': 'main()', 'authoring-BBBBBBBB.js': authoring, 'authoring-CCCCCCCC.css': '.a{}' },
      ['/assets/index-AAAAAAAA.js'],
      ['/index.html', '/assets/index-AAAAAAAA.js'],
    );
    const r = measureAuthoringChunk(dir, ['/', '/assets/index-AAAAAAAA.js']);
    expect(r.files).toEqual(['/assets/authoring-BBBBBBBB.js', '/assets/authoring-CCCCCCCC.css']);
    expect(r.gzipBytes).toBe(gzipSync(authoring, { level: 9 }).length + gzipSync('.a{}', { level: 9 }).length);
    expect(r.inLearnerFirstLoad).toEqual([]);
  });

  it('names an authoring file the precache or the first visit holds', () => {
    const dir = builtApp(
      { 'index-AAAAAAAA.js': 'main()', 'authoring-BBBBBBBB.js': authoring },
      ['/assets/index-AAAAAAAA.js'],
      ['/assets/authoring-BBBBBBBB.js'],
    );
    expect(measureAuthoringChunk(dir).inLearnerFirstLoad).toEqual(['/assets/authoring-BBBBBBBB.js']);
  });

  it('fails rather than report 0 bytes when no file holds the authoring screens', () => {
    const dir = builtApp({ 'index-AAAAAAAA.js': 'main()' }, [], ['/index.html']);
    expect(() => measureAuthoringChunk(dir)).toThrow(/no built file/);
  });

  it('sizes the monitoring screens apart from the staff catalogue they share chart keys with', () => {
    const monitoring = 'fetch("/api/reports/regions/"+c);t("chart.weekly.title")';
    const catalogue = 'r({id:{"chart.weekly.title":"Aktif","author.create.submit":"Buat"}})';
    const dir = builtApp(
      {
        'index-AAAAAAAA.js': 'main()',
        'monitoring-BBBBBBBB.js': monitoring,
        'staff-messages-CCCCCCCC.js': catalogue,
        'jsQR-DDDDDDDD.js': `"attemptBoth","onlyInvert"${'x'.repeat(30_000)}`,
        // The learner's scanner calls jsQR with its option: that is not the decoder.
        'learner-screens-EEEEEEEE.js': `jsQR(d,w,h,{inversionAttempts:"dontInvert"})${'x'.repeat(30_000)}`,
      },
      ['/assets/index-AAAAAAAA.js'],
      ['/assets/staff-messages-CCCCCCCC.js'],
    );
    expect(measureScreenChunks(dir, MONITORING).files).toEqual(['/assets/monitoring-BBBBBBBB.js']);
    const staff = measureScreenChunks(dir, STAFF_CATALOGUE);
    expect(staff.files).toEqual(['/assets/staff-messages-CCCCCCCC.js']);
    expect(staff.inLearnerFirstLoad).toEqual(['/assets/staff-messages-CCCCCCCC.js']);
    expect(measureScreenChunks(dir, QR_DECODER).files).toEqual(['/assets/jsQR-DDDDDDDD.js']);
  });
});
