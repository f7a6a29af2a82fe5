import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishPackage } from '../../../src/cli/course/publish-package';
import { generatePublisherKey } from '../../../src/cli/course/publisher-key';
import type { CourseManifest, FileEntry } from '../../../src/shared/course/manifest';
import { demoPackage } from '../../server/course-fixture';
import {
  chromiumAvailable,
  closeAllCdp,
  goOffline,
  launchBrowser,
  readIndexedDB,
  startServer,
  waitForServiceWorker,
  type BrowserHandle,
  type ServerHandle,
} from '../harness';
import { loginOnServer, putSignedInSession, type ServerSession } from '../fixtures/learner-profile';
import { bigTestCaptions, bigTestVideo } from './big-video';
import { startCourseProxy, type CourseProxy } from './course-proxy';

const COURSE = 'uji-video';
const LESSON = '10-video-besar';
const CHUNK = 256 * 1024; // the worker's Range chunk for a large file (src/workers/course-download.worker.ts)

interface StoredFileRow {
  hash: string;
  size: number;
  chunked?: boolean;
  blob?: unknown;
}
interface DraftRow {
  key: string;
  value: string;
}

/** Plays the lesson's video from `seekTo` until it has played a second, offline; reports what it saw. */
async function seekAndPlay(page: Page, seekTo: number | null) {
  const video = page.locator('article.lesson video');
  await expect.poll(() => video.count(), { timeout: 20_000 }).toBe(1);
  return video.evaluate(async (el: HTMLVideoElement, target: number | null) => {
    const event = (name: string) => new Promise((r) => el.addEventListener(name, r, { once: true }));
    el.muted = true;
    if (el.readyState < 1) await event('loadedmetadata');
    if (target !== null) {
      const seeked = event('seeked');
      el.currentTime = target;
      await seeked;
    } else if (el.seeking) await event('seeked');
    const from = el.currentTime;
    await el.play();
    await new Promise<void>((resolve) => {
      const check = () => {
        if (el.currentTime < from + 1) return;
        el.removeEventListener('timeupdate', check);
        resolve();
      };
      el.addEventListener('timeupdate', check);
    });
    const paused = event('pause');
    el.pause();
    await paused;
    const track = el.textTracks[0];
    return {
      from,
      time: el.currentTime,
      duration: el.duration,
      error: el.error?.code ?? null,
      captions: track?.mode,
    };
  }, seekTo);
}

describe.skipIf(!chromiumAvailable())('a 21 MB video lesson in Chromium', () => {
  let server: ServerHandle;
  let proxy: CourseProxy;
  let browser: BrowserHandle;
  let learner: ServerSession;
  let manifest: CourseManifest;
  let big: FileEntry;

  beforeAll(async () => {
    const video = bigTestVideo();
    // Publishing streams no file yet: this server takes the whole 21 MB video as one request body.
    server = await startServer({ env: { LENTERA_MAX_BODY_BYTES: String(64 * 1024 * 1024) } });
    proxy = await startCourseProxy(server.url);
    const pkg = await demoPackage(await generatePublisherKey(), {
      edit: async (dir) => {
        const yamlPath = join(dir, 'course.yaml');
        const yaml = (await readFile(yamlPath, 'utf8'))
          .replace(/^id: .*$/m, `id: ${COURSE}`)
          .replace(/^title: .*$/m, 'title: Kursus Uji Video')
          .replace(
            '      - file: lessons/09-berita-acara-dan-tindak-lanjut.md\n',
            (l) => `${l}      - file: lessons/${LESSON}.md\n`,
          );
        await writeFile(yamlPath, yaml);
        await writeFile(join(dir, 'media/video-besar.mp4'), await readFile(video));
        await writeFile(join(dir, 'media/video-besar.vtt'), bigTestCaptions());
        await writeFile(
          join(dir, `lessons/${LESSON}.md`),
          '# Video musyawarah\n\n![Video musyawarah desa](../media/video-besar.mp4)\n[Teks video](../media/video-besar.vtt)\n',
        );
      },
    });
    const author = await loginOnServer(server.url, 'pelatih');
    await publishPackage(pkg, { server: server.url, token: author.token });
    manifest = pkg.built.manifest;
    big = manifest.files.find((f) => f.path === 'media/video-besar.mp4')!;
    learner = await loginOnServer(server.url, 'siti');
    browser = await launchBrowser();
    await browser.page.goto(proxy.url);
    await waitForServiceWorker(browser.page);
    await putSignedInSession(browser.page, learner);
  });
  afterAll(async () => {
    closeAllCdp();
    await browser?.close();
    await proxy?.close();
    await server?.stop();
  });

  it('downloads through a link cut three times mid-video, re-fetching at most one chunk per cut, and keeps it in chunks', async () => {
    const { page } = browser;
    expect(big.size).toBeGreaterThan(20 * 1024 * 1024);
    const item = page.locator(`li[data-course="${COURSE}"]`);
    await page.goto(`${proxy.url}/katalog`);
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    proxy.bytesPerSecond = 4_000_000;
    await item.getByRole('button', { name: 'Unduh' }).click();

    const marks: Array<{ sent: number; reached: number }> = [];
    for (const at of [5, 10, 15].map((mb) => mb * 1024 * 1024)) {
      await expect
        .poll(() => proxy.delivered.get(big.hash) ?? 0, { timeout: 120_000, interval: 20 })
        .toBeGreaterThan(at);
      proxy.cut(1000); // drops the response in flight: what it sent so far is counted, then lost
      marks.push({ sent: proxy.delivered.get(big.hash)!, reached: proxy.reached.get(big.hash)! });
    }
    proxy.bytesPerSecond = null;
    await expect
      .poll(
        async () =>
          (await readIndexedDB<{ id: string; activeVersion: string }>(page, 'lentera', 'courses')).find(
            (c) => c.id === COURSE,
          )?.activeVersion,
        { timeout: 120_000 },
      )
      .toBe('1.0.0');
    marks.push({ sent: proxy.delivered.get(big.hash)!, reached: big.size });
    for (let k = 0; k < 3; k++) {
      const fetchedAfterCut = marks[k + 1]!.sent - marks[k]!.sent;
      const restOfFile = marks[k + 1]!.reached - marks[k]!.reached;
      expect(fetchedAfterCut).toBeLessThanOrEqual(restOfFile + CHUNK);
    }
    expect(marks[3]!.sent).toBeGreaterThan(big.size); // the cuts did cost something…
    expect(marks[3]!.sent).toBeLessThanOrEqual(big.size + 3 * CHUNK); // …at most the chunk in flight each
    const stored = (await readIndexedDB<StoredFileRow>(page, 'lentera', 'files')).find((f) => f.hash === big.hash);
    expect(stored).toMatchObject({ size: big.size, chunked: true });
    expect(stored?.blob).toBeUndefined();
  });

  it('offline, the video plays, seeks to 2:00 and plays on from there with Indonesian captions showing', async () => {
    const { page, context } = browser;
    await goOffline(context);
    await page.goto(`${proxy.url}/kursus/${COURSE}/materi/${LESSON}`);
    const played = await seekAndPlay(page, 120);
    expect(played.error).toBeNull();
    expect(played.duration).toBeCloseTo(150, 0);
    expect(played.from).toBeCloseTo(120, 0);
    expect(played.time).toBeGreaterThanOrEqual(121);
    expect(played.captions).toBe('showing');
    // The cue of the second it stands at is the active one (the track updates as time marches on).
    await expect
      .poll(() =>
        page.locator('article.lesson video').evaluate((el: HTMLVideoElement) => ({
          now: el.currentTime,
          cues: Array.from(el.textTracks[0]?.activeCues ?? [], (c) => [(c as VTTCue).text, c.startTime, c.endTime]),
        })),
      )
      .toEqual({ now: played.time, cues: [['Bagian detik 120', 120, 129]] });
    // Pausing kept the place on the phone at once.
    const key = `lessonPlace:${learner.account.id}:${COURSE}:${LESSON}`;
    const draft = (await readIndexedDB<DraftRow>(page, 'lentera', 'drafts')).find((d) => d.key === key);
    const kept = (JSON.parse(draft!.value) as { media: Record<string, number> }).media[`/offline/files/${big.hash}`];
    expect(kept).toBeCloseTo(played.time, 1);
  });

  it('after the app is killed, the lesson reopens offline with the video at the kept position', async () => {
    const draftsBefore = await readIndexedDB<DraftRow>(browser.page, 'lentera', 'drafts');
    const key = `lessonPlace:${learner.account.id}:${COURSE}:${LESSON}`;
    const kept = (JSON.parse(draftsBefore.find((d) => d.key === key)!.value) as { media: Record<string, number> })
      .media[`/offline/files/${big.hash}`]!;
    await browser.kill();
    browser = await launchBrowser(browser.profileDir);
    const { page, context } = browser;
    await goOffline(context);
    await page.goto(proxy.url);
    await putSignedInSession(page, learner); // a new browser session: unlocked again, as the PIN would
    await page.goto(`${proxy.url}/kursus/${COURSE}/materi/${LESSON}`);
    const video = page.locator('article.lesson video');
    await expect.poll(() => video.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => video.evaluate((el: HTMLVideoElement) => el.currentTime)).toBeCloseTo(kept, 1);
    const resumed = await seekAndPlay(page, null);
    expect(resumed.error).toBeNull();
    expect(resumed.from).toBeCloseTo(kept, 0);
    expect(resumed.time).toBeGreaterThan(kept);
  });

  it('a download "tanpa video" fetches no video byte, the course works, and adding the video later fetches only it', async () => {
    const course = 'pengelolaan-keuangan-desa'; // seeded demo course with its narrated video lesson
    const phone = await launchBrowser(); // a second phone, on the same link
    try {
      const { page } = phone;
      await page.goto(proxy.url);
      await waitForServiceWorker(page);
      await putSignedInSession(page, learner);
      const published = (await (
        await fetch(`${server.url}/api/courses/${course}/versions/latest`, {
          headers: { Authorization: `Bearer ${learner.token}` },
        })
      ).json()) as { manifest: string };
      const files = (JSON.parse(published.manifest) as CourseManifest).files;
      const videos = files.filter((f) => f.type.startsWith('video/'));
      expect(videos.length).toBeGreaterThan(0);
      proxy.delivered.clear();

      const item = page.locator(`li[data-course="${course}"]`);
      await page.goto(`${proxy.url}/katalog`);
      await item.getByLabel('Tanpa video').check();
      await item.getByRole('button', { name: 'Unduh', exact: true }).click();
      await expect.poll(() => item.textContent(), { timeout: 60_000 }).toContain('tanpa video');
      expect(videos.filter((v) => proxy.delivered.has(v.hash))).toEqual([]);
      expect([...proxy.delivered.keys()].sort()).toEqual(
        [...new Set(files.filter((f) => !videos.includes(f)).map((f) => f.hash))].sort(),
      );

      // The course works: a text lesson reads; the video lesson shows a placeholder, not a broken player.
      await page.goto(`${proxy.url}/kursus/${course}/materi/01-struktur-apbdes`);
      await expect.poll(() => page.locator('article.lesson .prose h2').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await page.goto(`${proxy.url}/kursus/${course}/materi/00-video-siklus-keuangan-desa`);
      const placeholder = page.locator('article.lesson .lesson__video-absent');
      await expect.poll(() => placeholder.textContent(), { timeout: 20_000 }).toContain('belum ada di ponsel');
      expect(await page.locator('article.lesson video').count()).toBe(0);

      // Adding the video later, from its lesson: only it crosses the link, then the player is there.
      proxy.delivered.clear();
      await placeholder.getByRole('button', { name: /^Unduh video ini \(1[,.]\d MB\)$/ }).click();
      const video = page.locator('article.lesson video');
      await expect.poll(() => video.count(), { timeout: 60_000 }).toBe(1);
      expect([...proxy.delivered.keys()].sort()).toEqual(videos.map((v) => v.hash).sort());
      for (const v of videos) expect(proxy.delivered.get(v.hash)).toBe(v.size);
      const played = await seekAndPlay(page, 30);
      expect(played.error).toBeNull();
      expect(played.captions).toBe('showing');
    } finally {
      await phone.close();
    }
  });
});
