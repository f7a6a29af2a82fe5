import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePublisherKey } from '../../../src/cli/course/publisher-key';
import {
  chromiumAvailable,
  closeAllCdp,
  launchBrowser,
  readIndexedDB,
  startServer,
  waitForServiceWorker,
  type BrowserHandle,
  type ServerHandle,
} from '../harness';
import { loginOnServer, putSignedInSession } from '../fixtures/learner-profile';
import { startCourseProxy, type CourseProxy } from './course-proxy';
import { publishTestCourse, TEST_COURSE } from './test-course';

describe.skipIf(!chromiumAvailable())('a download after a reload', () => {
  let server: ServerHandle;
  let proxy: CourseProxy;
  let browser: BrowserHandle;

  beforeAll(async () => {
    server = await startServer();
    proxy = await startCourseProxy(server.url);
    const author = await loginOnServer(server.url, 'pelatih');
    await publishTestCourse(await generatePublisherKey(), server.url, author.token, { version: '1.0.0' });
    browser = await launchBrowser();
    await browser.page.goto(proxy.url);
    await waitForServiceWorker(browser.page);
    await putSignedInSession(browser.page, await loginOnServer(server.url, 'siti'));
  });
  afterAll(async () => {
    closeAllCdp();
    await browser?.close();
    await proxy?.close();
    await server?.stop();
  });

  it('after a reload mid-download the card shows the running download (Jeda), never "Unduhan dijeda" + "Lanjutkan"', async () => {
    const { page } = browser;
    const item = page.locator(`li[data-course="${TEST_COURSE}"]`);
    const sent = () => [...proxy.delivered.values()].reduce((a, b) => a + b, 0);
    proxy.bytesPerSecond = 120_000;
    await page.goto(`${proxy.url}/katalog`);
    await item.getByRole('button', { name: 'Unduh' }).click();
    await expect.poll(sent, { timeout: 30_000, interval: 50 }).toBeGreaterThan(150_000);

    await page.reload(); // the app starts again on the catalogue and resumes the download by itself
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    // Watch the card while bytes keep arriving: every look must show a running download.
    const seen: string[] = [];
    const start = sent();
    const until = Date.now() + 4_000;
    while (Date.now() < until) {
      const text = (await item.textContent()) ?? '';
      const buttons = await item.getByRole('button').allTextContents();
      seen.push(`${text.includes('Unduhan dijeda') ? 'paused-text' : 'running-text'} ${buttons.join('/')}`);
      await page.waitForTimeout(250);
    }
    expect(sent()).toBeGreaterThan(start + 100_000); // it really was downloading all along
    const last = seen.slice(4); // a moment for the resume to start
    expect(last.filter((s) => s.includes('paused-text') || s.includes('Lanjutkan'))).toEqual([]);
    expect(last.at(-1)).toBe('running-text Jeda');
    const stored = await readIndexedDB<{ courseId: string; status: string }>(page, 'lentera', 'downloads');
    expect(stored.find((d) => d.courseId === TEST_COURSE)?.status).toBe('running');

    proxy.bytesPerSecond = null;
    await expect
      .poll(async () => (await readIndexedDB<{ id: string }>(page, 'lentera', 'courses')).map((c) => c.id), {
        timeout: 60_000,
      })
      .toContain(TEST_COURSE);
  });
});
