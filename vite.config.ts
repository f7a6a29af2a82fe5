import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import type { ChunkingContext } from 'rolldown';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
// LENTERA_VERSION lets the e2e update test build a "version 2" of the same code.
const version = process.env.LENTERA_VERSION ?? pkg.version;

/** The list of files left out of the precache, itself precached (read by sw/on-demand-assets.ts). */
const ON_DEMAND_LIST = 'on-demand-assets.json';

/** The service worker's code, built as a chunk of the app (serviceWorkerChunk); sw.js only imports it. */
export const SW_START = fileURLToPath(new URL('./sw/start-service-worker.ts', import.meta.url));

/**
 * Source modules a learner's phone never needs offline, by folder or module name (not by output
 * file, which changes whenever a chunk is split anew): screens for operators, monitors, admins and
 * authors, and the on-demand tools behind a button (the certificate PDF writer and the jsQR decoder).
 * The verify screen itself is a learner's (a few KB): any phone checks a certificate offline with
 * the platform's BarcodeDetector or a pasted code; jsQR, for phones without BarcodeDetector, is
 * cached the first time it is used with a signal. A dynamic import of such a module is not followed when the
 * learner's part of the build is worked out, so what only it pulls in (a PDF library and its
 * html2canvas, jsQR) stays out too. A new staff screen in one of these folders is left out with no
 * change here. A phone that opens one of them online caches them all (sw/on-demand-assets.ts).
 */
const NOT_FOR_LEARNERS = [
  /\/src\/app\/(monitoring|enrolment|admin|authoring|operator|staff)\//,
  /\/src\/app\/certificates\/certificate-pdf\./,
  /\/node_modules\/jsqr\//,
];

/**
 * Works out, from the module graph of the app build, which output files belong to the learner (the
 * entry and everything reachable from it, static or lazy, without entering NOT_FOR_LEARNERS) and
 * lists the other JS and CSS files; `precacheFilter` drops those from the service worker's precache.
 * Staff screens still load over the network when opened (and then sit in the HTTP cache: hashed
 * assets are served immutable).
 */
export function learnerPrecache(): { plugin: Plugin; precacheFilter: (url: string) => boolean } {
  const notPrecached = new Set<string>();
  const serviceWorkerOnly = new Set<string>();
  const plugin: Plugin = {
    name: 'lentera-learner-precache',
    apply: 'build',
    generateBundle(_options, bundle) {
      const learner = new Set<string>();
      // The service worker's chunks are not the page's: the browser keeps a service worker's scripts
      // with its registration, so they are neither precached nor listed on demand (below).
      const entries = Object.values(bundle).flatMap((c) =>
        c.type === 'chunk' && c.isEntry && c.facadeModuleId !== SW_START ? c.moduleIds : [],
      );
      const queue = [...entries];
      while (queue.length > 0) {
        const id = queue.pop()!;
        if (learner.has(id)) continue;
        learner.add(id);
        const info = this.getModuleInfo(id);
        if (!info) continue;
        queue.push(...info.importedIds);
        queue.push(...info.dynamicallyImportedIds.filter((d) => !NOT_FOR_LEARNERS.some((re) => re.test(d))));
      }
      // The learner's chunks, plus every chunk they import statically (the bundler's runtime
      // helpers hold no source module of the graph but are imported by chunks that do).
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const kept = new Set(chunks.filter((c) => c.moduleIds.some((m) => learner.has(m))).map((c) => c.fileName));
      for (let grew = true; grew;) {
        grew = false;
        for (const c of chunks)
          if (kept.has(c.fileName)) for (const dep of c.imports) if (!kept.has(dep)) grew = kept.add(dep) !== undefined;
      }
      const swOnly = new Set(chunks.filter((c) => c.facadeModuleId === SW_START).map((c) => c.fileName));
      for (let grew = true; grew;) {
        grew = false;
        for (const c of chunks)
          if (swOnly.has(c.fileName))
            for (const dep of c.imports) if (!kept.has(dep) && !swOnly.has(dep)) grew = swOnly.add(dep) !== undefined;
      }
      notPrecached.clear();
      serviceWorkerOnly.clear();
      for (const file of swOnly) serviceWorkerOnly.add(file);
      for (const c of chunks) {
        if (kept.has(c.fileName) || swOnly.has(c.fileName)) continue;
        notPrecached.add(c.fileName);
        for (const css of c.viteMetadata?.importedCss ?? []) notPrecached.add(css);
      }
      // A CSS file shared with a learner chunk stays.
      for (const c of chunks)
        if (kept.has(c.fileName)) for (const css of c.viteMetadata?.importedCss ?? []) notPrecached.delete(css);
      // The service worker caches these together once a phone uses one of them (sw/on-demand-assets.ts).
      this.emitFile({
        type: 'asset',
        fileName: ON_DEMAND_LIST,
        source: JSON.stringify([...notPrecached].sort().map((f) => `/${f}`)),
      });
    },
  };
  return {
    plugin,
    precacheFilter: (url) =>
      !notPrecached.has(url.replace(/^\//, '')) && !serviceWorkerOnly.has(url.replace(/^\//, '')),
  };
}

/**
 * Builds `new Worker(new URL('…', import.meta.url), { type: 'module' })` workers as entries of the
 * app's own build instead of Vite's separate worker bundle, so a worker imports the chunks it shares
 * with the app (Dexie above all: 30 KB gzip) rather than carrying a copy of its own, and a phone
 * downloads them once. Module workers load ES chunks natively (every browser the app targets).
 */
function workersShareChunks(): Plugin {
  const pattern = /new Worker\(\s*new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;
  return {
    name: 'lentera-workers-share-chunks',
    apply: 'build',
    enforce: 'pre',
    async transform(code, id) {
      if (id.includes('/node_modules/') || !code.includes('new Worker(')) return null;
      let out = code;
      for (const m of code.matchAll(pattern)) {
        const resolved = await this.resolve(m[2]!, id);
        if (!resolved) this.error(`worker ${m[2]} not found from ${id}`);
        const name = m[2]!.replace(/^.*\//, '').replace(/\.[jt]s$/, '');
        const ref = this.emitFile({ type: 'chunk', id: resolved.id, name });
        out = out.replace(m[0], `new Worker(import.meta.ROLLUP_FILE_URL_${ref}`);
      }
      return out === code ? null : { code: out, map: null };
    },
  };
}

/**
 * The service worker as part of the app's build: `sw/start-service-worker.ts` is emitted as a chunk
 * of the app, so Dexie and the sync engine it uses for Background Sync are the very chunks the page
 * loads (one download, from the HTTP cache the second time) instead of a 30 KB copy inside sw.js.
 * sw.js itself stays vite-plugin-pwa's (the precache list is injected there); `swBuild` makes its
 * import of `./start-service-worker` point at the chunk's hashed file. sw.js is therefore a module
 * service worker (registered with `type: 'module'`: Chromium 91, Safari 15, Firefox 147).
 */
function serviceWorkerChunk(): { plugin: Plugin; swBuild: Plugin } {
  let ref = '';
  let fileName = '';
  return {
    plugin: {
      name: 'lentera-sw-chunk',
      apply: 'build',
      buildStart() {
        ref = this.emitFile({ type: 'chunk', id: SW_START, name: 'sw-start', preserveSignature: 'strict' });
      },
      generateBundle() {
        fileName = this.getFileName(ref);
      },
    },
    swBuild: {
      name: 'lentera-sw-imports-app-chunk',
      enforce: 'pre',
      resolveId(source, importer) {
        if (source !== './start-service-worker' || !importer?.endsWith('/sw/sw.ts')) return null;
        if (!fileName) this.error('the app build emitted no service worker chunk');
        return { id: `./${fileName}`, external: true };
      },
    },
  };
}

/**
 * Puts the learner's lazy screens (app modules under src/ that a learner reaches through a dynamic
 * import and that no entry — page, service worker, download worker — imports statically) into one
 * chunk. Every one of them is precached anyway, and gzip packs ~30 small files of shared imports and
 * JSX far better together than one by one (measured: 9.4 KB less on a first visit). The screens
 * that import the lesson renderer (lesson, quiz, result) and the renderer with marked are a second
 * chunk, `lesson-screens`, loaded only when one of them opens (1.1 KB less than four files). Other
 * libraries keep their own chunks unless only one of the two groups imports them, and the first load
 * is untouched since nothing it imports statically is moved.
 */
const RENDERER_LIBRARIES = /\/node_modules\/marked\//;

export function learnerScreensChunk(): { plugin: Plugin; name: (id: string, ctx: ChunkingContext) => string | null } {
  const entries = new Set<string>();
  let grouped: Set<string> | undefined;
  const lessonScreens = new Set<string>();
  const joined = new Map<string, string | null>();
  /**
   * A module's group: its own, or for a library or bundler helper that only one group's modules
   * import (statically, none dynamically), that group's — gzip packs it better inside (uuidv7 in the
   * screens' chunk, the class helpers in the lesson chunk) and no other file ever needs it.
   */
  const groupOf = (id: string, ctx: ChunkingContext): string | null => {
    if (grouped?.has(id)) return 'learner-screens';
    if (lessonScreens.has(id)) return 'lesson-screens';
    if (joined.has(id)) return joined.get(id)!;
    joined.set(id, null); // an import cycle joins nothing through itself
    const info = ctx.getModuleInfo(id);
    let group: string | null = null;
    const appModule = /\/src\//.test(id) && !id.includes('/node_modules/');
    if (info && !appModule && info.importers.length > 0 && info.dynamicImporters.length === 0) {
      const groups = new Set(info.importers.map((m) => groupOf(m, ctx)));
      if (groups.size === 1) group = [...groups][0]!;
    }
    joined.set(id, group);
    return group;
  };
  return {
    plugin: {
      name: 'lentera-learner-screens-chunk',
      apply: 'build',
      buildStart() {
        entries.clear();
        grouped = undefined;
        lessonScreens.clear();
        joined.clear();
      },
      moduleParsed(info) {
        if (info.isEntry) entries.add(info.id);
      },
    },
    name(id, ctx) {
      if (!grouped) {
        const staticGraph = new Set<string>();
        const queue = [...entries];
        while (queue.length > 0) {
          const m = queue.pop()!;
          if (staticGraph.has(m)) continue;
          staticGraph.add(m);
          queue.push(...(ctx.getModuleInfo(m)?.importedIds ?? []));
        }
        const renderer = new Map<string, boolean>();
        const importsRenderer = (m: string): boolean => {
          if (RENDERER_LIBRARIES.test(m)) return true;
          if (renderer.has(m)) return renderer.get(m)!;
          renderer.set(m, false); // an import cycle does not reach it through itself
          const found = (ctx.getModuleInfo(m)?.importedIds ?? []).some(importsRenderer);
          renderer.set(m, found);
          return found;
        };
        grouped = new Set();
        const seen = new Set<string>();
        const lazy = [...staticGraph].flatMap((m) => ctx.getModuleInfo(m)?.dynamicallyImportedIds ?? []);
        while (lazy.length > 0) {
          const m = lazy.pop()!;
          if (seen.has(m) || staticGraph.has(m) || NOT_FOR_LEARNERS.some((re) => re.test(m))) continue;
          seen.add(m);
          const info = ctx.getModuleInfo(m);
          // The lesson renderer and the screens that import it stay apart: in the shared chunk every
          // screen would load and compile marked. They are one chunk of their own instead.
          if (/\/src\/.*\.tsx?$/.test(m) && !m.includes('/node_modules/'))
            (importsRenderer(m) ? lessonScreens : grouped).add(m);
          else if (RENDERER_LIBRARIES.test(m)) lessonScreens.add(m);
          lazy.push(...(info?.importedIds ?? []), ...(info?.dynamicallyImportedIds ?? []));
        }
      }
      return groupOf(id, ctx);
    },
  };
}

/**
 * marked's ESM build cut down to its Lexer (and the Tokenizer and rules the Lexer uses). The lesson
 * renderer builds the DOM from marked's tokens itself (src/app/components/markdown-tokens-to-dom.ts)
 * and never uses marked's HTML Renderer, Parser, Hooks or `marked()` itself, but the bundler cannot
 * drop them: the file ends by creating the `marked` singleton and hanging every class on it, and at
 * the es2020 target each class's fields become assignments the bundler keeps. The build defines
 * them, in this order, after the Lexer: everything from the Renderer's class to the end goes, and
 * only `Lexer` is exported. The renderer's chunk is 3.4 KB gzip smaller; an import of anything else
 * from 'marked' in the app fails the build, on purpose (marked's HTML would need a sanitiser again).
 * Throws if a new marked is laid out differently (tests/unit/bench/marked-lexer-only.test.ts).
 */
export function markedLexerOnly(code: string): string {
  const list = /export\s*\{([^}]*)\}\s*;?\s*(?:\/\/# sourceMappingURL=\S*\s*)?$/.exec(code)?.[1] ?? '';
  const local = (name: string) =>
    list
      .split(',')
      .map((e) => e.trim().split(/\s+as\s+/))
      .find(([, exported]) => exported === name)?.[0];
  const at = (name: string | undefined) => (name ? code.indexOf(`var ${name}=class`) : -1);
  const lexer = local('Lexer');
  const renderer = at(local('Renderer'));
  if (!lexer || at(lexer) < 0 || renderer < at(lexer) || renderer < at(local('Tokenizer')))
    throw new Error("marked's ESM build no longer defines its Renderer after its Lexer and Tokenizer");
  return `${code.slice(0, renderer)}export{${lexer} as Lexer};\n`;
}

const MARKED_ESM = /\/node_modules\/marked\/lib\/marked\.esm\.js$/;

function markedLexerOnlyPlugin(): Plugin {
  return {
    name: 'lentera-marked-lexer-only',
    apply: 'build',
    transform(code, id) {
      if (!MARKED_ESM.test(id)) return null;
      try {
        return { code: markedLexerOnly(code), map: null };
      } catch (error) {
        return this.error(`${String(error)}: update markedLexerOnly in vite.config.ts`);
      }
    },
  };
}

const precache = learnerPrecache();
const screens = learnerScreensChunk();
const swChunk = serviceWorkerChunk();

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(version) },
  plugins: [
    preact(),
    markedLexerOnlyPlugin(),
    workersShareChunks(),
    screens.plugin,
    swChunk.plugin,
    precache.plugin,
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      // Registration is ours (src/app/sw-bridge) so the update prompt can wait for a quiz to finish.
      injectRegister: false,
      manifest: {
        id: '/',
        name: 'Lentera',
        short_name: 'Lentera',
        description: 'Belajar untuk pamong desa — tetap jalan tanpa sinyal.',
        lang: 'id',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#0f766e',
        background_color: '#f8fafc',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      // No icon is precached: the header draws its logo inline (AppHeader.tsx), and the favicon and
      // the manifest share the 192 px icon, which the browser fetches once online (installability);
      // the 512 px icons, plain and maskable, are fetched when it installs the app and kept with it.
      includeManifestIcons: false,
      injectManifest: {
        rollupFormat: 'es',
        buildPlugins: { vite: [swChunk.swBuild] },
        // The learner's shell only: small precache first (every byte is paid over 2G); course media
        // lives in IndexedDB; staff screens and on-demand tools are left out (learnerPrecache).
        globPatterns: ['**/*.{js,css,html,webmanifest}', ON_DEMAND_LIST],
        manifestTransforms: [
          (entries) => ({
            // Once per URL (the web manifest comes from the glob and from the plugin itself).
            manifest: entries.filter(
              (e, i) => precache.precacheFilter(e.url) && entries.findIndex((x) => x.url === e.url) === i,
            ),
            warnings: [],
          }),
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    target: 'es2020',
    sourcemap: false,
    reportCompressedSize: false,
    rolldownOptions: {
      output: { codeSplitting: { groups: [{ name: screens.name, includeDependenciesRecursively: false }] } },
    },
  },
  server: { proxy: { '/api': 'http://localhost:8080', '/healthz': 'http://localhost:8080' } },
});
