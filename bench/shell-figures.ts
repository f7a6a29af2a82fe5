// First-load bytes and offline relaunch for the app (built now from src) and for the framework
// floor (bench/floor, built now): both served by the real server, both measured the same way.
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { SITI, addSignedInProfile, createPin } from '../tests/e2e/fixtures/learner-profile';
import { installCourse } from '../tests/e2e/fixtures/install-course';
import { closeAllCdp, launchBrowser, startServer, waitForServiceWorker } from '../tests/e2e/harness';
import { buildWithVite } from './build-with-vite';
import { recordFirstVisit, type VisitBytes } from './first-visit-bytes';
import { timeOfflineRelaunch } from './offline-relaunch';
import { median } from './stats';

export interface ShellResult {
  bytes: VisitBytes;
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
  try {
    const browser = await launchBrowser();
    let bytes: VisitBytes;
    try {
      const finish = recordFirstVisit(browser.page, dir);
      await browser.page.goto(server.url);
      await waitForServiceWorker(browser.page);
      await browser.page.waitForLoadState('networkidle');
      bytes = await finish();
      await prepare(browser.page, server.url);
      await browser.page.locator(ready.readySelector).first().waitFor();
    } finally {
      closeAllCdp();
      await browser.close();
    }
    const relaunchRunsMs = await timeOfflineRelaunch({
      url: server.url,
      profileDir: browser.profileDir,
      runs,
      cpuRate: CPU_RATE,
      ...ready,
    });
    rmSync(browser.profileDir, { recursive: true, force: true });
    return { bytes, relaunchRunsMs, relaunchMedianMs: median(relaunchRunsMs) };
  } finally {
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}
