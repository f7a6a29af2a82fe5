import { execFileSync } from 'node:child_process';
import { mkdtempSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { atFileEnd, removeDir } from '../../server/harness/remove-at-file-end';
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
 * For each profile folder made here: every browser launched on it (relaunches included), all closed
 * before it is removed, and the folders beside it in the temp folder that Chromium keeps its
 * singleton socket in (removed by Chromium on a clean exit, left behind by `kill`).
 */
const launched = new Map<string, { contexts: BrowserContext[]; socketDirs: Set<string> }>();

/** Where the running browser of `profile` put its singleton socket, if it is one of Chromium's temp folders. */
function socketDir(profile: string): string | undefined {
  try {
    const dir = dirname(readlinkSync(join(profile, 'SingletonSocket')));
    return basename(dir).startsWith('org.chromium.Chromium.') ? dir : undefined;
  } catch {
    return undefined; // no socket link: nothing of it outside the profile
  }
}

/**
 * Launches Chromium with a persistent profile (a new one unless `profileDir` is given), so a
 * relaunch with the same folder sees the same service worker, caches and IndexedDB — as a phone does.
 * A new profile outlives `close` and `kill` (for the relaunch) and is removed when the test file
 * ends, after every browser on it has been closed, also when the test failed.
 */
export async function launchBrowser(profileDir?: string): Promise<BrowserHandle> {
  let dir = profileDir;
  if (!dir) {
    const made = mkdtempSync(join(tmpdir(), 'lentera-e2e-profile-'));
    const own = { contexts: [] as BrowserContext[], socketDirs: new Set<string>() };
    dir = made;
    launched.set(made, own);
    atFileEnd(async () => {
      forgetCdp(made);
      // Closed already unless the test failed; close() resolves once the browser process has exited.
      for (const context of own.contexts) await context.close().catch(() => undefined);
      launched.delete(made);
      for (const socket of own.socketDirs) await removeDir(socket);
      await removeDir(made);
    });
  }
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
  const own = launched.get(dir);
  if (own) {
    own.contexts.push(context);
    const socket = socketDir(dir);
    if (socket) own.socketDirs.add(socket);
  }
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
