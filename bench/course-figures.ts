// Course packages in Chromium through the real app: bytes an update with one changed lesson fetches
// (everything that crossed, headers included) against the bytes of what changed, and the bytes
// re-fetched per connection cut during a throttled download, against the Range chunk the app uses.
import { rmSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generatePublisherKey } from '../src/cli/course/publisher-key';
import { closeAllCdp, launchBrowser, readIndexedDB, startServer, waitForServiceWorker } from '../tests/e2e/harness';
import { loginOnServer, putSignedInSession } from '../tests/e2e/fixtures/learner-profile';
import { startCourseProxy } from '../tests/e2e/courses/course-proxy';
import { TEST_COURSE, publishTestCourse } from '../tests/e2e/courses/test-course';
import { startByteCounter } from './byte-counting-proxy';

export interface CourseResult {
  deltaRatio: number;
  deltaFetchedBytes: number;
  deltaChangedBytes: number;
  deltaFileBodyBytes: number;
  /** Every request the page and its workers made during the update, in order. */
  updateRequests: string[];
  refetchPerCut: number;
  chunkBytes: number;
  cuts: number;
}

const installed = async (page: Page) =>
  (await readIndexedDB<{ id: string; activeVersion: string }>(page, 'lentera', 'courses')).find(
    (c) => c.id === TEST_COURSE,
  )?.activeVersion;

async function waitFor(check: () => Promise<boolean>, what: string, ms = 120_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Installs version 1 (the app built in `appDir`) over a throttled link cut `cuts` times, then updates to a version with one changed lesson. */
export async function benchCourse(cuts: number, appDir: string): Promise<CourseResult> {
  const server = await startServer({ staticDir: appDir });
  const proxy = await startCourseProxy(server.url);
  const relay = await startByteCounter(proxy.url);
  const browser = await launchBrowser();
  try {
    const key = await generatePublisherKey();
    const author = (await loginOnServer(server.url, 'pelatih')).token;
    const v1 = (await publishTestCourse(key, server.url, author, { version: '1.0.0' })).manifest;
    const { page } = browser;
    const ranges: number[] = [];
    let updateRequests: string[] | null = null;
    page.on('request', (req) => {
      updateRequests?.push(`${req.method()} ${new URL(req.url()).pathname}`);
      const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers()['range'] ?? '');
      if (m) ranges.push(Number(m[2]) - Number(m[1]) + 1);
    });
    await page.goto(relay.url);
    await waitForServiceWorker(page);
    await putSignedInSession(page, await loginOnServer(server.url, 'siti'));

    const big = v1.files.reduce((a, b) => (b.size > a.size ? b : a));
    const item = page.locator(`li[data-course="${TEST_COURSE}"]`);
    await page.goto(`${relay.url}/katalog`);
    proxy.bytesPerSecond = 250_000;
    await item.getByRole('button', { name: 'Unduh' }).click();
    for (let k = 1; k <= cuts; k++) {
      const at = (big.size * k) / (cuts + 1);
      await waitFor(async () => (proxy.delivered.get(big.hash) ?? 0) > at, 'download progress');
      proxy.cut(1500);
    }
    await waitFor(async () => (await installed(page)) === '1.0.0', 'version 1 installed');
    proxy.bytesPerSecond = null;
    const refetchPerCut = ((proxy.delivered.get(big.hash) ?? 0) - big.size) / cuts;

    const v2 = (
      await publishTestCourse(key, server.url, author, {
        version: '1.1.0',
        edit: (dir) => appendFile(join(dir, 'lessons/05-pagu-indikatif.md'), '\nTambahan versi 2: contoh pagu.\n'),
      })
    ).manifest;
    const changed = v2.files.filter((f) => !v1.files.some((g) => g.hash === f.hash));
    const changedBytes = changed.reduce((sum, f) => sum + f.size, 0);
    await page.goto(`${relay.url}/katalog`);
    await item.getByRole('button', { name: 'Perbarui ke versi 1.1.0' }).waitFor();
    proxy.delivered.clear();
    relay.reset();
    updateRequests = [];
    await item.getByRole('button', { name: 'Perbarui ke versi 1.1.0' }).click();
    await waitFor(async () => (await installed(page)) === '1.1.0', 'version 2 installed');
    const requestsSeen: string[] = updateRequests;
    updateRequests = null;
    const fetched = relay.bytes.up + relay.bytes.down;
    return {
      deltaRatio: Math.round((fetched / changedBytes) * 100) / 100,
      deltaFetchedBytes: fetched,
      deltaChangedBytes: changedBytes,
      deltaFileBodyBytes: [...proxy.delivered.values()].reduce((a, b) => a + b, 0),
      updateRequests: requestsSeen,
      refetchPerCut: Math.round(refetchPerCut),
      chunkBytes: Math.max(...ranges),
      cuts,
    };
  } finally {
    closeAllCdp();
    await browser.close();
    await relay.close();
    await proxy.close();
    await server.stop();
    rmSync(browser.profileDir, { recursive: true, force: true });
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}
