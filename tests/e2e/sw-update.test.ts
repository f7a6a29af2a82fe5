import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAppVersion,
  chromiumAvailable,
  copyCurrentBuild,
  deployBuild,
  launchBrowser,
  startServer,
  waitForServiceWorker,
  type BrowserHandle,
  type ServerHandle,
} from './harness';

const V2 = '2.0.0-e2e';

describe.skipIf(!chromiumAvailable())('service worker update v1 → v2', () => {
  let server: ServerHandle;
  let browser: BrowserHandle;
  let served: string;
  let v2: string;

  beforeAll(async () => {
    v2 = buildAppVersion(V2);
    served = copyCurrentBuild();
    server = await startServer({ staticDir: served });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    for (const dir of [v2, served]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('asks before updating, reloads into v2 on yes, and keeps what was typed', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/masuk`);
    await waitForServiceWorker(page);
    const v1Footer = await page.locator('footer').textContent();
    expect(v1Footer).not.toContain(V2);
    // The first install must not show the update prompt.
    expect(await page.getByRole('alertdialog').count()).toBe(0);

    await page.getByLabel('Nama pengguna').fill('siti.rahayu');
    deployBuild(v2, served);
    // What the app does on visibilitychange / periodically: ask the browser to check sw.js.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());

    const prompt = page.getByRole('alertdialog');
    await expect.poll(() => prompt.textContent(), { timeout: 30_000 }).toContain('Versi baru Lentera tersedia.');
    // Still v1 while the user has not said yes.
    expect(await page.locator('footer').textContent()).toBe(v1Footer);

    await Promise.all([
      page.waitForEvent('framenavigated', { timeout: 30_000 }),
      page.getByRole('button', { name: 'Perbarui sekarang' }).click(),
    ]);
    await expect.poll(() => page.locator('footer').textContent(), { timeout: 30_000 }).toBe(`Versi ${V2}`);
    await expect.poll(() => page.getByLabel('Nama pengguna').inputValue()).toBe('siti.rahayu');
  });
});
