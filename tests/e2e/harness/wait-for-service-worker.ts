import type { Page } from 'playwright-core';

/** Waits until a service worker controls the page, i.e. the shell is precached and offline works. */
export async function waitForServiceWorker(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.evaluate(async (ms) => {
    const controlled = (async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise<void>((resolve) =>
          navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
        );
      }
    })();
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no service worker controls the page after ${ms} ms`)), ms),
    );
    await Promise.race([controlled, timeout]);
  }, timeoutMs);
}
