import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishPackage } from '../../../src/cli/course/publish-package';
import { generatePublisherKey } from '../../../src/cli/course/publisher-key';
import { formatBytes } from '../../../src/app/i18n/format';
import type { CourseManifest, FileEntry } from '../../../src/shared/course/manifest';
import { demoPackage } from '../../server/course-fixture';
import {
  chromiumAvailable,
  launchBrowser,
  readIndexedDB,
  startServer,
  waitForServiceWorker,
  type BrowserHandle,
  type ServerHandle,
} from '../harness';
import { loginOnServer, putSignedInSession, type ServerSession } from '../fixtures/learner-profile';
import { startCourseProxy, type CourseProxy } from './course-proxy';

// Choosing what to download (docs/learner-app.md): both sizes before a download, a text-only
// install, one module's videos added from the outline, and files the browser evicted found and
// fetched again. The course is the demo "Perencanaan" with a second video in module 3, so that
// adding module 3's videos can be seen to leave module 1's video alone.
const COURSE = 'uji-pilihan-video';
const TITLE = 'Kursus Uji Pilihan Video';
const M1 = 'm1-rpjmdes';
const M3 = 'm3-musrenbangdes';
const LESSON = '10-video-musrenbang';

interface CourseRow {
  id: string;
  activeVersion: string;
  absent?: string[];
}

/** Deletes every stored chunk of one file, as the browser's eviction would leave a video (the file record stays). */
function evictChunks(page: Page, hash: string) {
  return page.evaluate(
    (h) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('lentera');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('fileChunks', 'readwrite');
          const store = tx.objectStore('fileChunks');
          const range = IDBKeyRange.bound([h, 0], [h, Number.MAX_SAFE_INTEGER]);
          const count = store.count(range);
          store.delete(range);
          tx.oncomplete = () => (open.result.close(), resolve(count.result));
          tx.onerror = () => reject(tx.error);
        };
      }),
    hash,
  );
}

describe.skipIf(!chromiumAvailable())('choosing what to download, and evicted files', () => {
  let server: ServerHandle;
  let proxy: CourseProxy;
  let browser: BrowserHandle;
  let learner: ServerSession;
  let manifest: CourseManifest;
  let first: FileEntry; // module 1's video
  let second: FileEntry; // module 3's video

  beforeAll(async () => {
    server = await startServer();
    proxy = await startCourseProxy(server.url);
    const pkg = await demoPackage(await generatePublisherKey(), {
      edit: async (dir) => {
        const yamlPath = join(dir, 'course.yaml');
        const yaml = (await readFile(yamlPath, 'utf8'))
          .replace(/^id: .*$/m, `id: ${COURSE}`)
          .replace(/^title: .*$/m, `title: ${TITLE}`)
          .replace(
            '      - file: lessons/09-berita-acara-dan-tindak-lanjut.md\n',
            (l) => `${l}      - file: lessons/${LESSON}.md\n`,
          );
        await writeFile(yamlPath, yaml);
        // The other demo course's narrated video: real bytes, another hash.
        await copyFile(
          'content/pengelolaan-keuangan-desa/media/video-siklus-keuangan-desa.mp4',
          join(dir, 'media/video-musrenbang.mp4'),
        );
        await writeFile(
          join(dir, `lessons/${LESSON}.md`),
          '# Video Musrenbangdes\n\n![Video Musrenbangdes](../media/video-musrenbang.mp4)\n',
        );
      },
    });
    const author = await loginOnServer(server.url, 'pelatih');
    await publishPackage(pkg, { server: server.url, token: author.token });
    manifest = pkg.built.manifest;
    first = manifest.files.find((f) => f.path === 'media/video-perencanaan-desa.mp4')!;
    second = manifest.files.find((f) => f.path === 'media/video-musrenbang.mp4')!;
    learner = await loginOnServer(server.url, 'siti');
    browser = await launchBrowser();
    await browser.page.goto(proxy.url);
    await waitForServiceWorker(browser.page);
    await putSignedInSession(browser.page, learner);
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.stop();
  });

  const installed = async () =>
    (await readIndexedDB<CourseRow>(browser.page, 'lentera', 'courses')).find((c) => c.id === COURSE);

  it('the catalogue shows the size with and without video before anything is downloaded', async () => {
    const { page } = browser;
    const total = manifest.files.reduce((s, f) => s + f.size, 0);
    const video = first.size + second.size;
    const item = page.locator(`li[data-course="${COURSE}"]`);
    await page.goto(`${proxy.url}/katalog`);
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    expect(await item.locator('.catalog-item-meta').textContent()).toBe(
      `Ukuran unduhan: ${formatBytes(total)} · Tanpa video: ${formatBytes(total - video)}`,
    );
    expect(proxy.delivered.size).toBe(0);
  });

  it("a text-only install fetches no video; adding module 3's videos fetches only that video's bytes", async () => {
    const { page } = browser;
    const item = page.locator(`li[data-course="${COURSE}"]`);
    await item.getByLabel('Tanpa video').check();
    await item.getByRole('button', { name: 'Unduh', exact: true }).click();
    await expect
      .poll(async () => (await installed())?.absent?.sort(), { timeout: 60_000 })
      .toEqual([first.hash, second.hash].sort());
    expect(proxy.delivered.has(first.hash) || proxy.delivered.has(second.hash)).toBe(false);

    await page.goto(`${proxy.url}/kursus/${COURSE}`);
    const m3 = page.locator(`.module-videos[data-module="${M3}"]`);
    await expect.poll(() => m3.count(), { timeout: 20_000 }).toBe(1);
    // Module 1 has its own button; module 2 shows no video, so no button.
    expect(await page.locator(`.module-videos[data-module="${M1}"]`).count()).toBe(1);
    expect(await page.locator('.module-videos').count()).toBe(2);
    proxy.delivered.clear();
    await m3.getByRole('button', { name: `Unduh video modul ini (${formatBytes(second.size)})` }).click();
    await expect.poll(async () => (await installed())?.absent, { timeout: 60_000 }).toEqual([first.hash]);
    expect([...proxy.delivered.keys()]).toEqual([second.hash]);
    expect(proxy.delivered.get(second.hash)).toBe(second.size);
    // Its button is gone; module 1's stays.
    await expect.poll(() => page.locator('.module-videos').count()).toBe(1);
  });

  it('a video whose chunks were evicted is found when its lesson opens and at app start, and one button restores it', async () => {
    const { page } = browser;
    expect(await evictChunks(page, second.hash)).toBeGreaterThan(1);
    await page.goto(`${proxy.url}/kursus/${COURSE}/materi/${LESSON}`);
    const notice = page.getByTestId('course-repair');
    await expect.poll(() => notice.textContent(), { timeout: 20_000 }).toContain(`"${TITLE}" hilang dari ponsel`);

    // A fresh start lands on the home screen: its course card says the same, with the button.
    await page.goto(proxy.url);
    await expect.poll(() => notice.textContent(), { timeout: 20_000 }).toContain(`"${TITLE}" hilang dari ponsel`);
    proxy.delivered.clear();
    await notice.getByRole('button', { name: `Unduh ulang berkas yang hilang (${formatBytes(second.size)})` }).click();
    await expect.poll(() => notice.count(), { timeout: 60_000 }).toBe(0);
    expect([...proxy.delivered.keys()]).toEqual([second.hash]);
    expect(proxy.delivered.get(second.hash)).toBe(second.size);
    // Still text-only for module 1, and module 3's video plays from the phone again.
    expect((await installed())?.absent).toEqual([first.hash]);
    await page.goto(`${proxy.url}/kursus/${COURSE}/materi/${LESSON}`);
    const video = page.locator('article.lesson video');
    await expect.poll(() => video.count(), { timeout: 20_000 }).toBe(1);
    const duration = await video.evaluate(async (el: HTMLVideoElement) => {
      if (el.readyState < 1) await new Promise((r) => el.addEventListener('loadedmetadata', r, { once: true }));
      return el.error ? -1 : el.duration;
    });
    expect(duration).toBeGreaterThan(10);
  });
});
