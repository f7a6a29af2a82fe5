import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  launchBrowser,
  startServer,
  waitForServiceWorker,
  type BrowserHandle,
  type ServerHandle,
} from './harness';

const V2 = '2.0.0-e2e';

/** Replaces the served files in place, as a deploy does, while the server keeps running. */
function deploy(from: string, to: string): void {
  for (const entry of readdirSync(to)) rmSync(join(to, entry), { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}

describe.skipIf(!chromiumAvailable())('service worker update v1 → v2', () => {
  let server: ServerHandle;
  let browser: BrowserHandle;
  let served: string;
  let v2: string;

  beforeAll(async () => {
    // A real second build of the same code with another version: new bundle hashes, new sw.js.
    v2 = mkdtempSync(join(tmpdir(), 'lentera-v2-'));
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', v2, '--emptyOutDir'], {
      env: { ...process.env, NODE_ENV: 'production', LENTERA_VERSION: V2 },
      stdio: 'ignore',
    });
    served = mkdtempSync(join(tmpdir(), 'lentera-served-'));
    cpSync('dist', served, { recursive: true });
    server = await startServer({ staticDir: served });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
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
    deploy(v2, served);
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
