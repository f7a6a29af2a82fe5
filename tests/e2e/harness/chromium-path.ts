import { existsSync } from 'node:fs';

/** The Chromium the e2e tests drive: Debian's by default, `CHROMIUM_PATH` overrides. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether the e2e tests can run; under `CI=true` a missing browser is an error, never a skip. */
export function chromiumAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI === 'true') {
    throw new Error(
      `Chromium not found at ${chromiumPath}: install Debian's "chromium" (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  console.warn(`[e2e] Chromium not found at ${chromiumPath}; e2e tests are skipped (they fail under CI=true).`);
  return false;
}
