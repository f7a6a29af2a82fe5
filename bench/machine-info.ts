// What the figures were measured on: cores, memory, load, and the versions of every part that matters.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import pg from 'pg';
import { chromiumPath } from '../tests/e2e/harness';
import { BENCH_DATABASE_URL } from './bench-store';

const pkgVersion = (name: string) =>
  (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;

/** Cores, memory and the 1-minute load average (other engineers share this machine). */
export function machine(): Record<string, unknown> {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memory_bytes: totalmem(),
    load_1m_at_start: loadavg()[0],
  };
}

/** Versions of Node, Chromium, PostgreSQL and the libraries whose speed is measured. */
export async function versions(): Promise<Record<string, string>> {
  const out: Record<string, string> = { node: process.versions.node };
  for (const name of ['@electric-sql/pglite', 'preact', 'dexie', 'workbox-window', 'vite', 'hono', 'pg'])
    out[name] = pkgVersion(name);
  try {
    out.chromium = execFileSync(chromiumPath, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch (err) {
    out.chromium = `unavailable: ${(err as Error).message}`;
  }
  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    out.postgres =
      (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? 'unknown';
  } catch (err) {
    out.postgres = `unreachable: ${(err as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
  try {
    out.commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    out.commit = 'not a git checkout';
  }
  return out;
}
