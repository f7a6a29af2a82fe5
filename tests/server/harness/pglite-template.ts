import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { loadRegions } from '../../../src/server/regions/load-regions';
import { migrate } from '../../../src/server/store/migrate';
import type { Store } from '../../../src/server/store/store';

// A fresh PGlite runs initdb inside WebAssembly: measured 2–3 s of CPU here per store, more than
// the migrations after it, and the suite opens dozens of stores and servers. initdb's result is the
// same every time, so it is made once per PGlite version and copied.
//
// A child server then spent most of its start on its first-start work: the migrations and the
// 91,000 Kemendagri regions (measured at a load of ~20: migrations 8 s, regions 13 s of a 38 s
// start; the server code itself, through tsx, 3.5 s). Both give the same rows on every empty store,
// so a second template holds them too, keyed by the content of the migrations and of the code that
// loads regions: a changed migration makes a new template. A child server starts on a copy of that
// folder and finds both done, as on any later start; its epoch, admin and demo data are still made
// by the server itself. In-memory test stores load a dump of the migrated store (without regions,
// which they never had). `npm start`'s own test keeps the initdb-only folder: a really fresh install.
//
// A child server's own first-start work then still took half of its start (measured on a quiet
// machine: 4.1 s to `listening`, of which the demo courses 1.1 s and the six scrypt accounts 0.9 s),
// and the e2e files start about forty servers. A third template has that work done too, by the
// server's own `initializeStore`, for a server started the harness's default way (demo data, the
// harness's admin password, not a hub). Its epoch is removed, so every server still makes its own
// (a store's identity to the phones); the demo publisher key is shared, as any two copies of one
// backup share it. Its key covers the server code and the demo content, so a change to either
// makes it again.

/** The installed package's version (package.json is not always exported, so found beside the entry). */
function packageVersion(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

const VERSION = packageVersion('@electric-sql/pglite');
const TEMPLATE = join(tmpdir(), `lentera-pglite-initdb-${VERSION}`);
const DIR = join(TEMPLATE, 'data');
const DUMP = join(TEMPLATE, 'data.tar');
/** Written last: a template without it is half-made (a run was killed) and is made again. */
const DONE = join(TEMPLATE, 'done');

const SERVER = join(tmpdir(), `lentera-pglite-migrated-${migratedKey()}`);
const SERVER_DIR = join(SERVER, 'data');
const SERVER_DUMP = join(SERVER, 'migrated.tar');
const SERVER_DONE = join(SERVER, 'done');

/** The admin password of every server the e2e harness starts (tests sign in with it). */
export const E2E_ADMIN_PASSWORD = 'admin-e2e-password';
let seededPath: string | undefined;
/** Found when first needed: most importers of this module never ask for the seeded template. */
const seeded = (file: 'data' | 'done' | '') =>
  join((seededPath ??= join(tmpdir(), `lentera-pglite-seeded-${seededKey()}`)), file);

/** What the migrated template depends on: PGlite, the migrations, and the code that applies and loads. */
function migratedKey(): string {
  const hash = createHash('sha256').update(VERSION).update(packageVersion('idn-area-data'));
  const source = (path: string) => fileURLToPath(new URL(`../../../src/server/${path}`, import.meta.url));
  const migrations = source('store/migrations/');
  for (const file of readdirSync(migrations).sort()) hash.update(file).update(readFileSync(join(migrations, file)));
  for (const file of ['store/migrate.ts', 'regions/load-regions.ts']) hash.update(readFileSync(source(file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * What the seeded template depends on besides the migrated one: everything `initializeStore` may
 * run (the server, the course builder, the shared code, their dependencies) and the demo content. Reading these few
 * hundred files takes milliseconds; naming the exact modules would go stale unnoticed.
 */
function seededKey(): string {
  const hash = createHash('sha256').update(migratedKey()).update(E2E_ADMIN_PASSWORD);
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!/\.test\.tsx?$/.test(name)) hash.update(path.slice(root.length)).update(readFileSync(path));
    }
  };
  for (const dir of ['src/server', 'src/cli', 'src/shared', 'content']) walk(join(root, dir));
  hash.update(readFileSync(join(root, 'package-lock.json'))); // e.g. the Markdown renderer's version
  return hash.digest('hex').slice(0, 16);
}

/** Builds in a folder of its own and renames it into place: several runs may start at once. */
async function makeOnce(target: string, done: string, build: (work: string) => Promise<void>): Promise<void> {
  if (existsSync(done)) return;
  const work = mkdtempSync(`${target}-work-`);
  try {
    await build(work);
  } catch (err) {
    rmSync(work, { recursive: true, force: true, maxRetries: 10 }); // a half-made template is never used
    throw err;
  }
  writeFileSync(join(work, 'done'), VERSION);
  if (existsSync(target) && !existsSync(done)) rmSync(target, { recursive: true, force: true });
  try {
    renameSync(work, target);
  } catch {
    rmSync(work, { recursive: true, force: true }); // another run got there first
  }
}

/** The store interface over a PGlite the template code keeps its hands on (for `dumpDataDir`). */
function asStore(db: PGlite): Store {
  return {
    kind: 'pglite',
    query: async (sql, params) => ({ rows: (await db.query(sql, params)).rows as never[] }),
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({ query: async (sql, params) => ({ rows: (await tx.query(sql, params)).rows as never[] }) }),
      ),
    close: () => db.close(),
  };
}

/** Makes the templates that are missing (global setup calls this once per run). */
export async function preparePgliteTemplate(): Promise<void> {
  await makeOnce(TEMPLATE, DONE, async (work) => {
    const db = new PGlite(join(work, 'data'));
    await db.waitReady;
    const dump = await db.dumpDataDir('none');
    await db.close();
    writeFileSync(join(work, 'data.tar'), Buffer.from(await dump.arrayBuffer()));
  });
  await makeOnce(SERVER, SERVER_DONE, async (work) => {
    cpSync(DIR, join(work, 'data'), { recursive: true });
    const db = new PGlite(join(work, 'data'));
    await db.waitReady;
    const store = asStore(db);
    await migrate(store);
    const dump = await db.dumpDataDir('none');
    writeFileSync(join(work, 'migrated.tar'), Buffer.from(await dump.arrayBuffer()));
    await loadRegions(store);
    await db.close();
  });
  await makeOnce(seeded(''), seeded('done'), async (work) => {
    // Imported here: the server's seeding code is large, and most test files only need the paths.
    const { loadConfig } = await import('../../../src/server/config');
    const { initializeStore } = await import('../../../src/server/seed/initialize-store');
    cpSync(SERVER_DIR, join(work, 'data'), { recursive: true });
    const db = new PGlite(join(work, 'data'));
    await db.waitReady;
    const store = asStore(db);
    const config = loadConfig({ LENTERA_DATA: join(work, 'data'), LENTERA_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD });
    await initializeStore(store, config);
    await db.query(`DELETE FROM meta WHERE key = 'server_epoch'`);
    await db.close();
  });
}

export interface FreshDataDirOptions {
  /**
   * `initdb`: an empty cluster, as a fresh install has (the test of `npm start`); the default
   * `migrated` also has the migrations and regions of a server that started once; `seeded` also
   * its admin (`E2E_ADMIN_PASSWORD`), demo accounts and demo courses, but no epoch.
   */
  from?: 'initdb' | 'migrated' | 'seeded';
}

/** A new data folder holding a copy of a template, or an empty one when global setup made none. */
export function freshPgliteDataDir(options: FreshDataDirOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'lentera-e2e-data-'));
  if (options.from === 'seeded' && existsSync(seeded('done'))) cpSync(seeded('data'), dir, { recursive: true });
  else if (options.from !== 'initdb' && existsSync(SERVER_DONE)) cpSync(SERVER_DIR, dir, { recursive: true });
  else if (existsSync(DONE)) cpSync(DIR, dir, { recursive: true });
  return dir;
}

let image: Blob | undefined;

/**
 * A `loadDataDir` image for an in-memory PGlite: the migrated store when global setup made it
 * (`openStore`'s migrations then find nothing to do), else the initdb template, else undefined
 * (then initdb runs).
 */
export function pgliteImage(): Blob | undefined {
  if (!image && existsSync(SERVER_DONE)) image = new Blob([readFileSync(SERVER_DUMP)]);
  if (!image && existsSync(DONE)) image = new Blob([readFileSync(DUMP)]);
  return image;
}
