import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Set by global setup to the bundled server; child servers of every test worker start from it. */
const BUNDLE_ENV = 'LENTERA_TEST_SERVER_BUNDLE';

/**
 * Inside the project, so that Node resolves the bundle's imports of packages (left as imports, not
 * bundled) from its node_modules exactly as it does for `src/server/main.ts`.
 */
const BUNDLE_DIR = resolve('node_modules', '.cache', 'lentera-test-server');

/**
 * Bundles `src/server/main.ts` with esbuild into one file, once per test run (and again at each
 * re-run in watch mode), and tells the test workers where it is. A child server started through tsx
 * spends ~0.5 s of CPU compiling and resolving the server's few hundred modules at every start
 * (measured on a quiet machine, spawn to "listening" from the seeded template: 1.34–1.50 s through
 * tsx, 0.85–0.94 s from the bundle), and a run starts dozens of them. The bundle is the same code:
 * packages stay imports of the same node_modules, and every `import.meta.url` is the URL of the
 * source file it is written in, so migrations, content and the region data are found where the
 * source finds them. Named by its content: a run never starts an older server, and two setups of
 * one run write the same file.
 */
export async function bundleTestServer(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: ['src/server/main.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    outfile: 'main.mjs',
    logLevel: 'warning',
    plugins: [
      {
        name: 'source-import-meta-url',
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, async (args) => ({
            contents: (await readFile(args.path, 'utf8')).replaceAll(
              'import.meta.url',
              JSON.stringify(pathToFileURL(args.path).href),
            ),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  const code = result.outputFiles[0]!.contents;
  const file = join(BUNDLE_DIR, `main-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(BUNDLE_DIR, { recursive: true });
    const part = `${file}.${process.pid}.part`;
    writeFileSync(part, code);
    renameSync(part, file);
    // Bundles of earlier code, a day old: no run still starts servers from them.
    for (const name of readdirSync(BUNDLE_DIR)) {
      const old = join(BUNDLE_DIR, name);
      const age = Date.now() - (statSync(old, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (old !== file && age > 86_400_000) rmSync(old, { force: true });
    }
  } else {
    const now = new Date();
    utimesSync(file, now, now); // in use again: not "a day old" for a run of other code
  }
  process.env[BUNDLE_ENV] = file;
  return file;
}

/**
 * The node arguments that start `src/server/main.ts` in a child process: the run's bundle when
 * global setup made one, else the source through tsx (a bench, a script, a file run without its
 * project's setup).
 */
export function serverMainArgs(): string[] {
  const bundle = process.env[BUNDLE_ENV];
  return bundle && existsSync(bundle) ? [bundle] : ['--import', 'tsx', 'src/server/main.ts'];
}
