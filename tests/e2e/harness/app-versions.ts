import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Builds the app again as `version` into a temp folder: new bundle hashes and a new sw.js, as a
 * real release would have. NODE_ENV=production whatever the test runner set.
 */
export function buildAppVersion(version: string): string {
  const outDir = mkdtempSync(join(tmpdir(), 'lentera-build-'));
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', outDir, '--emptyOutDir'], {
    env: { ...process.env, NODE_ENV: 'production', LENTERA_VERSION: version },
    stdio: 'ignore',
  });
  return outDir;
}

/** A private copy of the current build (`dist/`) for a server whose files a test will replace. */
export function copyCurrentBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lentera-served-'));
  cpSync('dist', dir, { recursive: true });
  return dir;
}

/** Replaces the served files in place, as a deploy does, while the server keeps running. */
export function deployBuild(from: string, to: string): void {
  for (const entry of readdirSync(to)) rmSync(join(to, entry), { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}
