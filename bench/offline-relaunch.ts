// Offline relaunch: a browser (same profile, service worker installed) starts with no network and
// CPU slowed 6×; the time from navigation until `readySelector` is on screen, median of `runs`.
import { goOffline, launchBrowser, throttleCpu } from '../tests/e2e/harness';

export interface RelaunchOptions {
  url: string;
  profileDir: string;
  readySelector: string;
  runs: number;
  cpuRate: number;
  /** Runs before any page script on every navigation (e.g. the unlocked-profile session flag). */
  initScript?: string;
}

/** One browser launch per run, so each start is cold in the page and warm in the disk cache, as a phone's is. */
export async function timeOfflineRelaunch(o: RelaunchOptions): Promise<number[]> {
  const runs: number[] = [];
  for (let i = 0; i < o.runs; i++) {
    const browser = await launchBrowser(o.profileDir);
    try {
      if (o.initScript) await browser.context.addInitScript(o.initScript);
      await goOffline(browser.context);
      await throttleCpu(browser.page, o.cpuRate);
      const start = performance.now();
      await browser.page.goto(o.url, { waitUntil: 'commit' });
      await browser.page.locator(o.readySelector).first().waitFor({ timeout: 60_000 });
      runs.push(performance.now() - start);
    } finally {
      await browser.close();
    }
  }
  return runs;
}
