// First-load bytes and offline relaunch for the app (built now from src) and for the framework
// floor (bench/floor, built now): both served by the real server, both measured the same way.
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { SITI, addSignedInProfile, createPin } from '../tests/e2e/fixtures/learner-profile';
import { installCourse } from '../tests/e2e/fixtures/install-course';
import { closeAllCdp, launchBrowser, startServer, waitForServiceWorker } from '../tests/e2e/harness';
import { buildWithVite } from './build-with-vite';
import { startByteCounter } from './byte-counting-proxy';
import { recordFirstVisit, type VisitBytes } from './first-visit-bytes';
import { timeOfflineRelaunch } from './offline-relaunch';
import { median } from './stats';

export interface ShellResult {
  bytes: VisitBytes;
  /** Every byte the server sent on the first visit, until the service worker controls the page and
   * the network is idle: headers, the API calls the app makes and the precache install included. */
  firstVisitWireDown: number;
  relaunchRunsMs: number[];
  relaunchMedianMs: number;
}

const CPU_RATE = 6;

/** The app (built in `appDir`): first visit online, a course installed and a learner with a PIN; then offline relaunches to the course list. */
export async function benchAppShell(runs: number, appDir: string): Promise<ShellResult> {
  return measure(
    appDir,
    runs,
    {},
    async (page, url) => {
      await installCourse(page);
      await addSignedInProfile(page, SITI);
      await page.reload();
      await createPin(page, '2468');
      await page.goto(url);
    },
    {
      readySelector: '.course-list li',
      // The PIN unlock lasts for the browser session; a relaunch within it (the app swapped out and
      // back) shows the course list directly. Typing a PIN is the user's time, not the app's.
      initScript: `sessionStorage.setItem('lentera.unlockedProfile', ${JSON.stringify(SITI.id)})`,
    },
  );
}

/** The bare Preact + Dexie + workbox-window page with a Workbox precache SW. */
export async function benchFloorShell(runs: number): Promise<ShellResult> {
  const dir = await buildWithVite('floor', 'bench/floor/vite.config.ts');
  try {
    return await measure(dir, runs, { LENTERA_DEMO: '0' }, async () => undefined, { readySelector: '.course-list li' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(
  dir: string,
  runs: number,
  env: Record<string, string>,
  prepare: (page: Page, url: string) => Promise<void>,
  ready: { readySelector: string; initScript?: string },
): Promise<ShellResult> {
  const server = await startServer({ staticDir: dir, env });
  // The visit goes through a byte counter: what really crossed, in whatever encoding the browser got.
  const counter = await startByteCounter(server.url);
  const url = counter.url;
  try {
    const browser = await launchBrowser();
    let bytes: VisitBytes;
    let firstVisitWireDown: number;
    try {
      const finish = recordFirstVisit(browser.page, dir);
      await browser.page.goto(url);
      await waitForServiceWorker(browser.page);
      await browser.page.waitForLoadState('networkidle');
      firstVisitWireDown = counter.bytes.down;
      bytes = await finish();
      await prepare(browser.page, url);
      await browser.page.locator(ready.readySelector).first().waitFor();
    } finally {
      closeAllCdp();
      await browser.close();
    }
    const relaunchRunsMs = await timeOfflineRelaunch({
      url,
      profileDir: browser.profileDir,
      runs,
      cpuRate: CPU_RATE,
      ...ready,
    });
    rmSync(browser.profileDir, { recursive: true, force: true });
    return { bytes, firstVisitWireDown, relaunchRunsMs, relaunchMedianMs: median(relaunchRunsMs) };
  } finally {
    await counter.close();
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}
