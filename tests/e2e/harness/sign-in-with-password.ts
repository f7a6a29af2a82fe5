import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Signs `username` in through the sign-in form at `${baseUrl}/masuk` and waits for the app's home.
 * A sign-in that stays on the form fails as soon as the form shows why, naming what the request
 * carried, instead of after a blind minute of waiting for a URL.
 */
export async function signInWithPassword(
  page: Page,
  baseUrl: string,
  username: string,
  password = 'lentera-demo',
): Promise<void> {
  await page.goto(`${baseUrl}/masuk`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  const sent = page.waitForRequest((r) => r.url().endsWith('/api/auth/login'));
  await page.click('form button[type="submit"]');
  const body = (await sent).postDataJSON() as { username?: string; password?: string };
  const home = `${baseUrl}/`;
  const refusal = page.locator('.form__error[role="alert"]');
  await expect.poll(async () => page.url() === home || (await refusal.count()) > 0, { timeout: 60_000 }).toBe(true);
  if (page.url() === home) return;
  const said = await refusal.first().textContent();
  const carried = `username ${JSON.stringify(body.username)}, password ${body.password === password ? 'as typed' : 'not as typed'}`;
  throw new Error(`sign-in as ${username} stayed on ${page.url()}: "${said}" (the request carried ${carried})`);
}
