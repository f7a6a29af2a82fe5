import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePublisherKey, type PublisherKey } from '../../../src/cli/course/publisher-key';
import { FILE_CHUNK_BYTES, type CourseManifest } from '../../../src/shared/course/manifest';
import {
  chromiumAvailable,
  closeAllCdp,
  goOffline,
  goOnline,
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

const CHUNK = 64 * 1024; // the worker's Range chunk (src/workers/course-download.worker.ts)
const LARGE_CHUNK = 256 * 1024; // …and for a file over 1 MiB (the demo course's video)
/**
 * What a dropped signal can cost in one file: the Range in flight. A file of up to 1 MiB with
 * per-piece hashes keeps 64 KiB Ranges, the parts of a piece waiting in memory across the cut.
 */
const cutCostOf = (f: { size: number }) => (f.size > 1024 * 1024 ? LARGE_CHUNK : CHUNK);
/** What a pause can cost: a new run has not the unchecked parts of a piece, so up to one 256 KiB piece. */
const unitOf = (f: { chunks?: string[]; size: number }) => (f.chunks ? FILE_CHUNK_BYTES : cutCostOf(f));

const item = (page: Page) => page.locator(`li[data-course="${TEST_COURSE}"]`);
const installedVersion = async (page: Page) =>
  (await readIndexedDB<{ id: string; activeVersion: string }>(page, 'lentera', 'courses')).find(
    (c) => c.id === TEST_COURSE,
  )?.activeVersion;
const changedFiles = (next: CourseManifest, prev: CourseManifest) =>
  next.files.filter((f) => !prev.files.some((g) => g.hash === f.hash));

describe.skipIf(!chromiumAvailable())('course download in Chromium', () => {
  let server: ServerHandle;
  let proxy: CourseProxy;
  let browser: BrowserHandle;
  let key: PublisherKey;
  let authorToken: string;
  let v1: CourseManifest;
  let v2: CourseManifest;
  let v3: CourseManifest;

  beforeAll(async () => {
    server = await startServer();
    proxy = await startCourseProxy(server.url);
    key = await generatePublisherKey();
    authorToken = (await loginOnServer(server.url, 'pelatih')).token;
    v1 = (await publishTestCourse(key, server.url, authorToken, { version: '1.0.0' })).manifest;
    browser = await launchBrowser();
    const { page } = browser;
    await page.goto(proxy.url);
    await waitForServiceWorker(page);
    await putSignedInSession(page, await loginOnServer(server.url, 'siti'));
  });
  afterAll(async () => {
    closeAllCdp();
    await browser?.close();
    await proxy?.close();
    await server?.stop();
  });

  it('downloads over a throttled link cut twice mid-file; after each cut at most one chunk more than the rest', async () => {
    const { page } = browser;
    const big = v1.files.find((f) => f.path === 'media/rekaman-panjang.wav')!;
    await page.goto(`${proxy.url}/katalog`);
    await expect.poll(() => item(page).count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => item(page).textContent()).toMatch(/Ukuran unduhan: 1([,.]\d)? MB/);
    await expect.poll(() => page.locator('.catalog-free').textContent()).toMatch(/Ruang kosong di ponsel/);
    proxy.bytesPerSecond = 250_000;
    await item(page).getByRole('button', { name: 'Unduh' }).click();
    await expect
      .poll(() => item(page).locator('[data-testid=download-progress]').textContent())
      .toMatch(/ dari .*\(\d+%\)/);

    // At each cut: bytes sent so far, and how far into the file they reached.
    const marks: Array<{ sent: number; reached: number }> = [];
    for (const at of [300_000, 650_000]) {
      await expect
        .poll(() => proxy.delivered.get(big.hash) ?? 0, { timeout: 60_000, interval: 50 })
        .toBeGreaterThan(at);
      proxy.cut(1500); // drops the response in flight: what it sent so far is counted, then lost
      marks.push({ sent: proxy.delivered.get(big.hash)!, reached: proxy.reached.get(big.hash)! });
    }
    await expect.poll(() => installedVersion(page), { timeout: 90_000 }).toBe('1.0.0');
    marks.push({ sent: proxy.delivered.get(big.hash)!, reached: big.size });
    for (let k = 0; k < 2; k++) {
      const fetchedAfterCut = marks[k + 1]!.sent - marks[k]!.sent;
      const restOfFile = marks[k + 1]!.reached - marks[k]!.reached;
      expect(fetchedAfterCut).toBeLessThanOrEqual(restOfFile + cutCostOf(big));
    }
    const total = marks[2]!.sent;
    expect(total).toBeGreaterThan(big.size); // the cuts did cost something…
    expect(big.chunks).toBeDefined(); // ≈1 MB: checked per piece, fetched in 64 KiB Ranges
    expect(total).toBeLessThanOrEqual(big.size + 2 * cutCostOf(big)); // …but at most the Range in flight each
    await expect.poll(() => item(page).textContent()).toContain('Terpasang, versi 1.0.0');
    proxy.bytesPerSecond = null;
  });

  it("offline, the lesson's recording seeks: the service worker answers Range with 206 and it plays from there", async () => {
    const { page, context } = browser;
    const big = v1.files.find((f) => f.path === 'media/rekaman-panjang.wav')!;
    await goOffline(context);
    try {
      const partial = await page.evaluate(async (hash) => {
        const res = await fetch(`/offline/files/${hash}`, { headers: { Range: 'bytes=640000-' } });
        return {
          status: res.status,
          range: res.headers.get('content-range'),
          length: (await res.arrayBuffer()).byteLength,
        };
      }, big.hash);
      expect(partial).toEqual({
        status: 206,
        range: `bytes 640000-${big.size - 1}/${big.size}`,
        length: big.size - 640000,
      });

      // The lesson reader, opened with no network, plays the recording from the service worker.
      await page.goto(`${proxy.url}/kursus/${TEST_COURSE}/materi/10-rekaman`);
      const audio = page.locator('article.lesson audio');
      await expect.poll(() => audio.count(), { timeout: 20_000 }).toBe(1);
      expect(await audio.getAttribute('src')).toBe(`/offline/files/${big.hash}`);
      const played = await audio.evaluate(async (el: HTMLAudioElement) => {
        el.muted = true;
        if (el.readyState < 1) await new Promise((r) => el.addEventListener('loadedmetadata', r, { once: true }));
        el.currentTime = 20;
        await new Promise((r) => el.addEventListener('seeked', r, { once: true }));
        await el.play();
        await new Promise((r) => setTimeout(r, 500));
        el.pause();
        return { duration: el.duration, time: el.currentTime, error: el.error?.code ?? null };
      });
      expect(played.error).toBeNull();
      expect(played.duration).toBeCloseTo(30, 0);
      expect(played.time).toBeGreaterThanOrEqual(20);
    } finally {
      await goOnline(context);
    }
  });

  it('version 2 with one changed lesson: one manifest delta carries the lesson, no file is fetched apart', async () => {
    const { page } = browser;
    const published = await publishTestCourse(key, server.url, authorToken, {
      version: '1.1.0',
      edit: (dir) => appendFile(join(dir, 'lessons/05-pagu-indikatif.md'), '\nTambahan versi 2: contoh pagu.\n'),
    });
    v2 = published.manifest;
    expect(published.result.uploaded).toBe(1);
    const changed = changedFiles(v2, v1);
    expect(changed.map((f) => f.path)).toEqual(['lessons/05-pagu-indikatif.md']);
    proxy.delivered.clear();
    await page.goto(`${proxy.url}/katalog`);
    await item(page).getByRole('button', { name: 'Perbarui ke versi 1.1.0' }).click();
    await expect.poll(() => installedVersion(page), { timeout: 30_000 }).toBe('1.1.0');
    // The changed lesson came inline with the delta (docs/course-package.md, "Updates by delta").
    expect([...proxy.delivered]).toEqual([]);
    const text = await page.evaluate(async (hash) => (await fetch(`/offline/files/${hash}`)).text(), changed[0]!.hash);
    expect(text).toContain('Tambahan versi 2');
  });

  it('a tampered file is rejected with the message, and version 2 still opens', async () => {
    const { page } = browser;
    v3 = (
      await publishTestCourse(key, server.url, authorToken, {
        version: '1.2.0',
        edit: async (dir) => {
          await appendFile(join(dir, 'lessons/05-pagu-indikatif.md'), '\nTambahan versi 2: contoh pagu.\n');
          await appendFile(join(dir, 'lessons/06-rancangan-dan-penetapan-rkpdes.md'), '\nTambahan versi 3.\n');
        },
      })
    ).manifest;
    const changed = changedFiles(v3, v2);
    expect(changed).toHaveLength(1);
    proxy.tamper.add(changed[0]!.hash);
    // A server without deltas: the phone takes the whole manifest and fetches the lesson by Range.
    proxy.deltas = false;
    try {
      await page.goto(`${proxy.url}/katalog`);
      await item(page).getByRole('button', { name: 'Perbarui ke versi 1.2.0' }).click();
      await expect
        .poll(() => item(page).getByRole('alert').textContent(), { timeout: 30_000 })
        .toContain(`Berkas "${changed[0]!.path}" rusak atau telah diubah`);
    } finally {
      proxy.deltas = true;
    }
    expect(await installedVersion(page)).toBe('1.1.0');
    await expect.poll(() => item(page).textContent()).toContain('Terpasang, versi 1.1.0');

    // Version 2 keeps working offline: its changed lesson is still served from the phone.
    const lesson = changedFiles(v2, v1)[0]!;
    await goOffline(browser.context);
    try {
      const text = await page.evaluate(async (hash) => (await fetch(`/offline/files/${hash}`)).text(), lesson.hash);
      expect(text).toContain('Tambahan versi 2');
    } finally {
      await goOnline(browser.context);
    }
  });

  it('an app killed mid-download continues after restart from where it stopped', async () => {
    const course = 'pengelolaan-keuangan-desa';
    const row = (page: Page) => page.locator(`li[data-course="${course}"]`);
    proxy.delivered.clear();
    proxy.reached.clear();
    proxy.bytesPerSecond = 150_000;
    await browser.page.goto(`${proxy.url}/katalog`);
    await row(browser.page).getByRole('button', { name: 'Unduh' }).click();
    const sent = () => [...proxy.delivered.values()].reduce((a, b) => a + b, 0);
    // Past the first video Range (256 KiB) and into the next: something is stored when the app dies.
    await expect.poll(sent, { timeout: 30_000, interval: 50 }).toBeGreaterThan(400_000);
    await browser.kill();
    const before = { sent: sent(), reached: [...proxy.reached.values()].reduce((a, b) => a + b, 0) };
    proxy.bytesPerSecond = null;

    browser = await launchBrowser(browser.profileDir);
    await browser.page.goto(proxy.url); // the app start itself picks up the unfinished download
    await expect
      .poll(async () => (await readIndexedDB<{ id: string }>(browser.page, 'lentera', 'courses')).map((c) => c.id), {
        timeout: 60_000,
      })
      .toContain(course);
    const manifest = JSON.parse(
      (
        (await await fetch(`${server.url}/api/courses/${course}/versions/latest`, {
          headers: { Authorization: `Bearer ${authorToken}` },
        }).then((r) => r.json())) as { manifest: string }
      ).manifest,
    ) as CourseManifest;
    const size = manifest.files.reduce((sum, f) => sum + f.size, 0);
    // Only what had not arrived before the kill was fetched again, plus at most the chunk in flight.
    expect(sent() - before.sent).toBeLessThanOrEqual(size - before.reached + LARGE_CHUNK);
    expect(sent() - before.sent).toBeLessThan(size);
  });

  it('the storage screen shows each course with its size and removes one', async () => {
    const { page } = browser;
    await page.goto(`${proxy.url}/penyimpanan`);
    const row = page.locator(`li[data-course="${TEST_COURSE}"]`);
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toMatch(/Versi 1\.1\.0 · 1([,.]\d)? MB/);
    await expect.poll(() => page.locator('.storage-persisted').getAttribute('data-persisted')).toMatch(/true|false/);
    const filesBefore = (await readIndexedDB(page, 'lentera', 'files')).length;
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Hapus dari ponsel' }).click();
    await expect.poll(() => row.count()).toBe(0);
    const courses = await readIndexedDB<{ id: string }>(page, 'lentera', 'courses');
    expect(courses.map((c) => c.id)).not.toContain(TEST_COURSE);
    // Its files went too, except those another installed course still lists.
    expect((await readIndexedDB(page, 'lentera', 'files')).length).toBeLessThan(filesBefore);
  });

  it('pause stops the transfer and resume finishes it without starting over', async () => {
    const { page } = browser;
    const row = item(page);
    const sent = () => [...proxy.delivered.values()].reduce((a, b) => a + b, 0);
    proxy.tamper.clear();
    proxy.delivered.clear();
    proxy.bytesPerSecond = 100_000;
    await page.goto(`${proxy.url}/katalog`);
    await row.getByRole('button', { name: 'Unduh' }).click();
    await expect.poll(sent, { timeout: 30_000, interval: 50 }).toBeGreaterThan(200_000);
    await row.getByRole('button', { name: 'Jeda' }).click();
    await expect.poll(() => row.textContent()).toContain('Unduhan dijeda.');
    // The aborted Range reaches the proxy a moment after the card says "dijeda": count from when
    // its response is closed, then nothing may move (a new request would).
    await expect.poll(() => proxy.inFlight(), { timeout: 10_000 }).toBe(0);
    const paused = sent();
    await new Promise((r) => setTimeout(r, 1000));
    expect(sent()).toBe(paused); // nothing moves while paused
    proxy.bytesPerSecond = null;
    await row.getByRole('button', { name: 'Lanjutkan' }).click();
    await expect.poll(() => installedVersion(page), { timeout: 60_000 }).toBe('1.2.0');
    // Everything the phone lacked, once, plus at most the chunk cut off by the pause.
    const have = await readIndexedDB<{ hash: string }>(page, 'lentera', 'files');
    const lacked = v3.files.reduce((sum, f) => sum + f.size, 0);
    expect(sent()).toBeLessThanOrEqual(lacked + Math.max(...v3.files.map(unitOf)));
    expect(have.map((f) => f.hash)).toEqual(expect.arrayContaining(v3.files.map((f) => f.hash)));
  });

  it('a withdrawn course says so in the catalogue, offers no download, and the installed copy stays', async () => {
    const { page } = browser;
    const res = await fetch(`${server.url}/api/courses/${TEST_COURSE}/withdraw`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${authorToken}` },
    });
    expect(res.status).toBe(204);
    await page.goto(`${proxy.url}/katalog`);
    await expect.poll(() => item(page).textContent(), { timeout: 20_000 }).toContain('Kursus ini ditarik dari katalog');
    // Their names, not a count: a failure then says which control was left (a paused download's "Lanjutkan"…).
    expect(await item(page).getByRole('button').allTextContents()).toEqual([]);
    expect(await installedVersion(page)).toBe('1.2.0');
  });
});
