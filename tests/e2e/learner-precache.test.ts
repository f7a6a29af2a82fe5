import { describe, expect, it } from 'vitest';
import { chromiumAvailable, goOffline, goOnline, useServerAndBrowser, waitForServiceWorker } from './harness';

// The service worker precaches the learner's shell only (vite.config.ts, learnerPrecache); staff
// screens and on-demand tools are cached the first time a phone uses them (sw/on-demand-assets.ts).
describe.skipIf(!chromiumAvailable())('a learner’s precache in Chromium', () => {
  const session = useServerAndBrowser();

  it('a first visit precaches no staff screen or on-demand tool; a phone that opens one with a signal gets them all and uses them offline', async () => {
    const { page, context } = session.browser;
    const { url } = session.server;
    const onDemand = (await (await fetch(`${url}/on-demand-assets.json`)).json()) as string[];
    // The rule found the staff screens and the heavy tools in the build (by source folder and module).
    for (const name of ['monitoring', 'certificate-pdf', 'jsQR'])
      expect(
        onDemand.some((u) => u.includes(name)),
        name,
      ).toBe(true);
    const cachedPaths = () =>
      page.evaluate(async () => {
        const out: string[] = [];
        for (const name of await caches.keys())
          for (const request of await (await caches.open(name)).keys()) out.push(new URL(request.url).pathname);
        return out;
      });

    await page.goto(url);
    await waitForServiceWorker(page);
    await expect.poll(async () => (await cachedPaths()).includes('/index.html'), { timeout: 30_000 }).toBe(true);
    expect((await cachedPaths()).filter((p) => onDemand.includes(p))).toEqual([]);

    // A checker's phone opens the verify page with a signal: the whole group follows.
    await page.goto(`${url}/periksa`);
    await page.getByRole('heading', { name: 'Periksa sertifikat' }).waitFor();
    await expect
      .poll(
        async () => {
          const cached = await cachedPaths();
          return onDemand.filter((p) => !cached.includes(p));
        },
        { timeout: 30_000 },
      )
      .toEqual([]);

    await goOffline(context);
    await page.reload();
    await page.getByRole('heading', { name: 'Periksa sertifikat' }).waitFor();
    await goOnline(context);
  });
});
