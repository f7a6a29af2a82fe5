import { describe, expect, it } from 'vitest';
import { chromiumAvailable, waitForServiceWorker, useServerAndBrowser } from './harness';

describe.skipIf(!chromiumAvailable())('app shell in Chromium', () => {
  const session = useServerAndBrowser();

  it('renders the shell in Bahasa Indonesia with a manifest link', async () => {
    const { page } = session.browser;
    await page.goto(session.server.url);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Selamat datang di Lentera');
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toMatch(/manifest\.webmanifest$/);
  });

  it('is installable: Page.getInstallabilityErrors is empty', async () => {
    const { page } = session.browser;
    await waitForServiceWorker(page);
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  });

  it('after one online visit, renders the shell from the service worker with the server stopped', async () => {
    const { page } = session.browser;
    await waitForServiceWorker(page);
    await session.server.stop();
    const health = await fetch(`${session.server.url}/healthz`).then(
      () => 'up',
      () => 'down',
    );
    expect(health).toBe('down');
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Selamat datang di Lentera');
    // A deep link opens offline too: navigations are answered with the precached shell.
    await page.goto(`${session.server.url}/pengaturan`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Pengaturan');
    await session.server.restart();
  });
});
