// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { SW_START, learnerPrecache } from '../../../vite.config';

/** A chunk of a fake bundle: its file, whether it is the entry, the source modules in it, its static imports and CSS. */
const chunk = (fileName: string, moduleIds: string[], imports: string[] = [], css: string[] = [], isEntry = false) => ({
  type: 'chunk' as const,
  fileName,
  isEntry,
  moduleIds,
  imports,
  viteMetadata: { importedCss: new Set(css) },
});

/** Module graph: id → [static imports, dynamic imports]. */
const graph: Record<string, [string[], string[]]> = {
  '/r/src/app/main.tsx': [['/r/src/app/App.tsx'], []],
  '/r/src/app/App.tsx': [
    [],
    [
      '/r/src/app/quiz/QuizScreen.tsx',
      '/r/src/app/monitoring/index.ts',
      '/r/src/app/certificates/CertificateScreen.tsx',
      '/r/src/app/certificates/VerifyScreen.tsx',
    ],
  ],
  '/r/src/app/quiz/QuizScreen.tsx': [['/r/node_modules/shared.js'], []],
  '/r/src/app/monitoring/index.ts': [['/r/node_modules/shared.js', '/r/node_modules/papaparse.js'], []],
  '/r/src/app/certificates/CertificateScreen.tsx': [[], ['/r/src/app/certificates/certificate-pdf.ts']],
  '/r/src/app/certificates/certificate-pdf.ts': [['/r/node_modules/jspdf.js'], []],
  '/r/node_modules/jspdf.js': [[], ['/r/node_modules/html2canvas.js']],
  '/r/src/app/certificates/VerifyScreen.tsx': [[], ['/r/node_modules/jsqr/dist/jsQR.js']],
};

function run(bundle: Record<string, ReturnType<typeof chunk> | { type: 'asset'; fileName: string }>) {
  const { plugin, precacheFilter } = learnerPrecache();
  const getModuleInfo = (id: string) =>
    graph[id] ? { importedIds: graph[id]![0], dynamicallyImportedIds: graph[id]![1] } : null;
  const emitted: Array<{ fileName: string; source: string }> = [];
  const emitFile = (file: { fileName: string; source: string }) => emitted.push(file);
  (plugin.generateBundle as unknown as (this: unknown, o: unknown, b: unknown) => void).call(
    { getModuleInfo, emitFile },
    {},
    bundle,
  );
  return { keep: precacheFilter, emitted };
}

describe('learner precache rule (vite.config.ts)', () => {
  const bundle = {
    'index.js': chunk(
      'assets/index.js',
      ['/r/src/app/main.tsx', '/r/src/app/App.tsx'],
      ['assets/runtime.js'],
      ['assets/index.css'],
      true,
    ),
    'runtime.js': chunk('assets/runtime.js', ['\0rolldown/runtime.js']),
    'QuizScreen.js': chunk('assets/QuizScreen.js', ['/r/src/app/quiz/QuizScreen.tsx'], ['assets/shared.js']),
    'shared.js': chunk('assets/shared.js', ['/r/node_modules/shared.js']),
    'monitoring.js': chunk(
      'assets/monitoring.js',
      ['/r/src/app/monitoring/index.ts', '/r/node_modules/papaparse.js'],
      ['assets/shared.js'],
      ['assets/monitoring.css', 'assets/index.css'],
    ),
    'CertificateScreen.js': chunk('assets/CertificateScreen.js', ['/r/src/app/certificates/CertificateScreen.tsx']),
    'certificate-pdf.js': chunk('assets/certificate-pdf.js', [
      '/r/src/app/certificates/certificate-pdf.ts',
      '/r/node_modules/jspdf.js',
    ]),
    'html2canvas.js': chunk('assets/html2canvas.js', ['/r/node_modules/html2canvas.js']),
    'VerifyScreen.js': chunk('assets/VerifyScreen.js', ['/r/src/app/certificates/VerifyScreen.tsx']),
    'jsQR.js': chunk('assets/jsQR.js', ['/r/node_modules/jsqr/dist/jsQR.js']),
    'worker.js': { type: 'asset' as const, fileName: 'assets/course-download.worker.js' },
  };

  it('precaches the entry, the learner screens and what they import, the runtime helpers included', () => {
    const { keep } = run(bundle);
    for (const f of [
      'assets/index.js',
      'assets/runtime.js',
      'assets/QuizScreen.js',
      'assets/shared.js',
      'assets/index.css',
    ])
      expect(keep(f), f).toBe(true);
    expect(keep('/assets/CertificateScreen.js')).toBe(true);
    // Any phone verifies a certificate offline: the verify screen is the learner's, its jsQR fallback is not.
    expect(keep('assets/VerifyScreen.js')).toBe(true);
  });

  it('leaves out staff screens, on-demand tools and whatever only they pull in; files that are no chunk stay', () => {
    const { keep, emitted } = run(bundle);
    for (const f of [
      'assets/monitoring.js',
      'assets/monitoring.css',
      'assets/certificate-pdf.js',
      'assets/html2canvas.js',
      'assets/jsQR.js',
    ])
      expect(keep(f), f).toBe(false);
    expect(keep('assets/course-download.worker.js')).toBe(true);
    expect(keep('index.html')).toBe(true);
    // The service worker's list of that group (sw/on-demand-assets.ts), absolute paths, sorted.
    expect(emitted.map((f) => f.fileName)).toEqual(['on-demand-assets.json']);
    expect(JSON.parse(emitted[0]!.source)).toEqual([
      '/assets/certificate-pdf.js',
      '/assets/html2canvas.js',
      '/assets/jsQR.js',
      '/assets/monitoring.css',
      '/assets/monitoring.js',
    ]);
  });

  it("leaves the service worker's own chunks out of the precache and the on-demand list; what it shares with the page stays", () => {
    const withSw = {
      ...bundle,
      // The service worker's code, an entry of the same build: it imports the page's shared chunk
      // and a chunk of its own (Workbox); the browser keeps a service worker's scripts itself.
      'sw-start.js': {
        ...chunk('assets/sw-start.js', [SW_START], ['assets/shared.js', 'assets/workbox.js'], [], true),
        facadeModuleId: SW_START,
      },
      'workbox.js': chunk('assets/workbox.js', ['/r/node_modules/workbox-precaching.js']),
    };
    const { keep, emitted } = run(withSw);
    expect(keep('assets/sw-start.js')).toBe(false);
    expect(keep('assets/workbox.js')).toBe(false);
    expect(keep('assets/shared.js')).toBe(true);
    expect(JSON.parse(emitted[0]!.source)).not.toContain('/assets/sw-start.js');
    expect(JSON.parse(emitted[0]!.source)).not.toContain('/assets/workbox.js');
  });
});
