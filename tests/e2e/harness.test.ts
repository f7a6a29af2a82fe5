import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockNetwork,
  chromiumAvailable,
  closeAllCdp,
  launchBrowser,
  readIndexedDB,
  startServer,
  throttleNetwork,
  waitForServiceWorker,
  type BrowserHandle,
  type ServerHandle,
} from './harness';

// The harness is what every other e2e test stands on, so its fault switches are tested too.
describe.skipIf(!chromiumAvailable())('e2e harness', () => {
  let server: ServerHandle;
  let browser: BrowserHandle;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await browser.page.goto(`${server.url}/masuk`);
    await waitForServiceWorker(browser.page);
  });
  afterAll(async () => {
    closeAllCdp();
    await browser?.close();
    await server?.stop();
  });

  it('throttles the service worker’s own fetches, not only the page’s', async () => {
    const sw = browser.context.serviceWorkers()[0]!;
    const timeSwFetch = () =>
      sw.evaluate(async () => {
        const start = performance.now();
        await fetch(`/healthz?t=${Math.random()}`, { cache: 'no-store' });
        return performance.now() - start;
      });
    await throttleNetwork(browser.page, browser.profileDir, { downKbps: 50, upKbps: 50, rttMs: 1500 });
    expect(await timeSwFetch()).toBeGreaterThanOrEqual(1400);
    await throttleNetwork(browser.page, browser.profileDir, null);
    expect(await timeSwFetch()).toBeLessThan(1400);
  });

  it('blockNetwork makes requests fail like a dropped signal, and lifting it restores them', async () => {
    const probe = () =>
      browser.page.evaluate(() =>
        fetch(`/healthz?t=${Math.random()}`).then(
          (r) => r.status,
          () => 'failed',
        ),
      );
    const unblock = await blockNetwork(browser.context);
    expect(await probe()).toBe('failed');
    await unblock();
    expect(await probe()).toBe(200);
  });

  it('kill -9 and relaunch with the same profile keeps IndexedDB and the service worker', async () => {
    await browser.page.getByLabel('Nama pengguna').fill('budi');
    await expect
      .poll(
        async () => (await readIndexedDB<{ key: string; value: string }>(browser.page, 'lentera', 'drafts'))[0]?.value,
      )
      .toBe('budi');
    const profileDir = browser.profileDir;
    await browser.kill();
    await server.stop();
    browser = await launchBrowser(profileDir);
    // Offline (server stopped): the shell comes from the service worker, the draft from IndexedDB.
    await browser.page.goto(`${server.url}/masuk`);
    await expect.poll(() => browser.page.getByLabel('Nama pengguna').inputValue()).toBe('budi');
    await server.restart();
  });
});
