import { rm } from 'node:fs/promises';
import { afterAll } from 'vitest';

/**
 * Deletes a test's temporary folder. Retried: a process that has just exited (Chromium's helper
 * processes, a PGlite child server) can still be letting go of files, and a removal racing it
 * fails with EBUSY or ENOTEMPTY.
 */
export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}

const cleanups: Array<() => Promise<void>> = [];
let registered = false;

// Registered while the test file is collected (its imports run then), on the file's own suite: with
// Vitest's "stack" order of hooks this runs after every afterAll of the file, which stop the servers
// and close the browsers the folders belong to. Vitest isolates each file's modules, so each file
// has its own list and its own hook.
try {
  afterAll(async () => {
    const failed: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((err: unknown) => failed.push(err));
    if (failed.length) throw new AggregateError(failed, 'temporary folders of this test file were not all removed');
  });
  registered = true;
} catch {
  // "Vitest failed to find the current suite": not inside a test file (a bench, the soak script).
}

/**
 * Runs `cleanup` when the test file that (through a helper) imported this module ends, passed or
 * failed, last-registered first. Tests may still read a stopped server's data folder or relaunch a
 * browser on its profile, so the helpers that make those folders remove them here, not in
 * stop()/close(). Outside a test file nothing is kept: there is no end to run it at.
 */
export function atFileEnd(cleanup: () => Promise<void>): void {
  if (registered) cleanups.push(cleanup);
}
