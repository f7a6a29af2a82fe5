// Builds a vite project into a fresh temp folder at bench time, so every run measures the current source.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs `vite build` with `config` (the app's own when omitted) and returns the output folder. */
export async function buildWithVite(name: string, config?: string): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), `lentera-bench-${name}-`));
  const args = ['node_modules/vite/bin/vite.js', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'];
  if (config) args.push('--config', config);
  await run(process.execPath, args, {
    env: { ...process.env, NODE_ENV: 'production', BENCH_OUT: out },
    maxBuffer: 16 * 1024 * 1024,
  });
  return out;
}
