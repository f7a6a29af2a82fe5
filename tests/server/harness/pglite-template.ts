import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

// A fresh PGlite runs initdb inside WebAssembly: measured 2–3 s of CPU here per store, more than
// the migrations after it, and the suite opens dozens of stores and servers. initdb's result is the
// same every time, so it is made once per PGlite version and copied: a server's data folder is a
// copy of the template folder, an in-memory test store loads the template's dump. Migrations and
// seeding still run on every copy, exactly as on a fresh install.

/** The installed PGlite's version (its package.json is not exported, so found beside its entry file). */
function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

const VERSION = pgliteVersion();
const TEMPLATE = join(tmpdir(), `lentera-pglite-initdb-${VERSION}`);
const DIR = join(TEMPLATE, 'data');
const DUMP = join(TEMPLATE, 'data.tar');
/** Written last: a template without it is half-made (a run was killed) and is made again. */
const DONE = join(TEMPLATE, 'done');

/**
 * Makes the template if it is missing (global setup calls this once per run). Safe when several
 * runs start at once: each builds in a folder of its own and the first rename wins.
 */
export async function preparePgliteTemplate(): Promise<void> {
  if (existsSync(DONE)) return;
  const work = mkdtempSync(join(tmpdir(), 'lentera-pglite-initdb-'));
  const db = new PGlite(join(work, 'data'));
  await db.waitReady;
  const dump = await db.dumpDataDir('none');
  await db.close();
  writeFileSync(join(work, 'data.tar'), Buffer.from(await dump.arrayBuffer()));
  writeFileSync(join(work, 'done'), VERSION);
  if (existsSync(TEMPLATE) && !existsSync(DONE)) rmSync(TEMPLATE, { recursive: true, force: true });
  try {
    renameSync(work, TEMPLATE);
  } catch {
    rmSync(work, { recursive: true, force: true }); // another run got there first
  }
}

/** A new data folder holding a copy of the template, or an empty one when there is no template. */
export function freshPgliteDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lentera-e2e-data-'));
  if (existsSync(DONE)) cpSync(DIR, dir, { recursive: true });
  return dir;
}

let image: Blob | undefined;

/** The template as a `loadDataDir` image for an in-memory PGlite, or undefined (then initdb runs). */
export function pgliteImage(): Blob | undefined {
  if (!image && existsSync(DONE)) image = new Blob([readFileSync(DUMP)]);
  return image;
}
