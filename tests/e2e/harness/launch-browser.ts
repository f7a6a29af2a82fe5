import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath } from './chromium-path';
import { forgetCdp } from './network';

export interface BrowserHandle {
  context: BrowserContext;
  page: Page;
  profileDir: string;
  /** Closes the browser politely. */
  close: () => Promise<void>;
  /**
   * Kills every Chromium process of this profile with SIGKILL — a crash or the Android task
   * killer, not a clean exit: nothing gets flushed on the way out.
   */
  kill: () => Promise<void>;
}

// Flags measured to work here: no sandbox as root, and no background calls to hosts we cannot reach.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // A DevTools port beside Playwright's pipe: the harness speaks raw CDP to the service worker's target.
  '--remote-debugging-port=0',
];

/**
 * Launches Chromium with a persistent profile (a new one unless `profileDir` is given), so a
 * relaunch with the same folder sees the same service worker, caches and IndexedDB — as a phone does.
 */
export async function launchBrowser(profileDir?: string): Promise<BrowserHandle> {
  const dir = profileDir ?? mkdtempSync(join(tmpdir(), 'lentera-e2e-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath,
    headless: true,
    args: ARGS,
    viewport: { width: 400, height: 800 },
    locale: 'id-ID',
  });
  // Playwright's 30 s default for a click or a wait was reached in the full run (three server files
  // beside Chromium on two cores) by steps that take a few seconds alone.
  context.setDefaultTimeout(60_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    profileDir: dir,
    close: async () => {
      forgetCdp(dir);
      await context.close();
    },
    kill: async () => {
      forgetCdp(dir);
      try {
        // `--` ends pkill's options: without it the pattern itself is read as an (unknown) option.
        execFileSync('pkill', ['-KILL', '-f', '--', `--user-data-dir=${dir}`], { stdio: 'ignore' });
      } catch {
        // pkill exits 1 when nothing matched: already gone.
      }
      await context.close().catch(() => undefined);
    },
  };
}
