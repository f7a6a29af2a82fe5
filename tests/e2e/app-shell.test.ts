import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  closeAllCdp,
  launchBrowser,
  startServer,
  waitForServiceWorker,
  type BrowserHandle,
  type ServerHandle,
} from './harness';

describe.skipIf(!chromiumAvailable())('app shell in Chromium', () => {
  let server: ServerHandle;
  let browser: BrowserHandle;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    closeAllCdp();
    await browser?.close();
    await server?.stop();
  });

  it('renders the shell in Bahasa Indonesia with a manifest link', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Selamat datang di Lentera');
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toMatch(/manifest\.webmanifest$/);
  });

  it('is installable: Page.getInstallabilityErrors is empty', async () => {
    const { page } = browser;
    await waitForServiceWorker(page);
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  });

  it('after one online visit, renders the shell from the service worker with the server stopped', async () => {
    const { page } = browser;
    await waitForServiceWorker(page);
    await server.stop();
    const health = await fetch(`${server.url}/healthz`).then(
      () => 'up',
      () => 'down',
    );
    expect(health).toBe('down');
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Selamat datang di Lentera');
    // A deep link opens offline too: navigations are answered with the precached shell.
    await page.goto(`${server.url}/pengaturan`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Pengaturan');
    await server.restart();
  });
});
