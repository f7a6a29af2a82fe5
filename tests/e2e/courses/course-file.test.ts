import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCourseFile } from '../../../src/shared/course/course-file';
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
import { loginOnServer, putSignedInSession } from '../fixtures/learner-profile';

// "Done when" 3 of courses by file: phone A shares its installed course as a file, phone B — which
// never downloaded that course — imports it with no signal and studies it; a copy with one byte
// flipped is refused with a clear message and B's own course stays as it was.

/** Size and SHA-256 of some bytes: compares megabytes at once, where a deep equality walks every byte. */
const fingerprint = (bytes: Uint8Array) => ({
  size: bytes.length,
  sha256: createHash('sha256').update(bytes).digest('hex'),
});

const SHARED = 'perencanaan-pembangunan-desa';
const OWN = 'pengelolaan-keuangan-desa';

const installed = async (page: Page) =>
  (await readIndexedDB<{ id: string; activeVersion: string }>(page, 'lentera', 'courses'))
    .map((c) => `${c.id}@${c.activeVersion}`)
    .sort();
const storedHashes = async (page: Page) =>
  (await readIndexedDB<{ hash: string }>(page, 'lentera', 'files')).map((f) => f.hash).sort();

/** Downloads a course from the catalog the normal way and waits until it is installed. */
async function downloadFromCatalog(page: Page, url: string, courseId: string) {
  await page.goto(`${url}/katalog`);
  const item = page.locator(`li[data-course="${courseId}"]`);
  await item.getByRole('button', { name: 'Unduh' }).click();
  await expect.poll(() => installed(page), { timeout: 90_000 }).toContain(`${courseId}@1.0.0`);
}

describe.skipIf(!chromiumAvailable())('a course travels by file from phone to phone', () => {
  let server: ServerHandle;
  let phoneA: BrowserHandle;
  let phoneB: BrowserHandle;
  let dir: string;
  let shared: string;

  beforeAll(async () => {
    server = await startServer();
    dir = await mkdtemp(join(tmpdir(), 'lentera-course-file-'));
    phoneA = await launchBrowser();
    phoneB = await launchBrowser();
    for (const [phone, user] of [
      [phoneA, 'siti'],
      [phoneB, 'budi'],
    ] as const) {
      await phone.page.goto(server.url);
      await waitForServiceWorker(phone.page);
      await putSignedInSession(phone.page, await loginOnServer(server.url, user));
    }
  });
  afterAll(async () => {
    closeAllCdp();
    await phoneA?.close();
    await phoneB?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('phone A shares its downloaded course from the outline: a download here, the same bytes the server gives', async () => {
    const { page } = phoneA;
    await downloadFromCatalog(page, server.url, SHARED);
    await page.goto(`${server.url}/kursus/${SHARED}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Bagikan kursus' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${SHARED}-1.0.0.lentera-kursus`);
    shared = join(dir, download.suggestedFilename());
    await download.saveAs(shared);
    await expect.poll(() => page.getByTestId('course-share').textContent()).toContain('disimpan di folder Unduhan');

    const bytes = new Uint8Array(await readFile(shared));
    const contents = await readCourseFile(new Blob([bytes]));
    expect(contents.manifest).toMatchObject({ id: SHARED, version: '1.0.0' });
    const operator = await loginOnServer(server.url, 'operator');
    const res = await fetch(`${server.url}/api/courses/${SHARED}/versions/1.0.0/file`, {
      headers: { Authorization: `Bearer ${operator.token}` },
    });
    expect(fingerprint(new Uint8Array(await res.arrayBuffer()))).toEqual(fingerprint(bytes));
  });

  it('phone B, offline with only its own course, refuses the file with one byte flipped and keeps its course as it was', async () => {
    const { page, context } = phoneB;
    await downloadFromCatalog(page, server.url, OWN); // the catalog visit also pins the publisher keys
    await goOffline(context);
    await page.goto(`${server.url}/penyimpanan`);
    const before = { courses: await installed(page), files: await storedHashes(page) };
    expect(before.courses).toEqual([`${OWN}@1.0.0`]);

    const bytes = new Uint8Array(await readFile(shared));
    const { parts } = await readCourseFile(new Blob([bytes]));
    const lesson = parts.find((p) => p.entry.path.startsWith('lessons/'))!;
    const inLesson = new Uint8Array(bytes);
    inLesson[lesson.offset + 10]! ^= 0x01;
    const inManifest = new Uint8Array(bytes);
    inManifest[new TextDecoder().decode(bytes.subarray(0, parts[0]!.offset)).indexOf('Perencanaan') + 2]! ^= 0x01;
    const refusals = [
      [inLesson, `Isi file "${lesson.entry.path}" di dalam kursus ini rusak atau telah diubah`],
      [inManifest, 'Tanda tangan penerbit tidak cocok'],
    ] as const;
    for (const [n, [tampered, message]] of refusals.entries()) {
      const path = join(dir, `tampered-${n}.lentera-kursus`);
      await writeFile(path, tampered);
      await page.locator('#course-import-file').setInputFiles(path);
      const error = page.getByTestId('course-import-error');
      // Polled on the whole import section, which is always there: a wait on the error alone blocked
      // each poll for the locator's 60 s, and a failure then said nothing of what the screen showed
      // instead (still checking, at what percent, or another message).
      await expect.poll(() => page.getByTestId('course-import').textContent(), { timeout: 30_000 }).toContain(message);
      await expect.poll(() => error.textContent()).toContain(message);
      await expect.poll(() => error.textContent()).toContain('Kursus lain di ponsel tetap seperti semula');
    }
    expect({ courses: await installed(page), files: await storedHashes(page) }).toEqual(before);

    // Its own course still opens, offline.
    await page.goto(`${server.url}/kursus/${OWN}`);
    await page.locator('.outline-list__item').first().click();
    await expect.poll(() => page.locator('article.lesson').count(), { timeout: 20_000 }).toBe(1);
  });

  it('phone B, still offline, imports the shared file and opens one of its lessons and a quiz', async () => {
    const { page } = phoneB;
    await page.goto(`${server.url}/penyimpanan`);
    await page.locator('#course-import-file').setInputFiles(shared);
    const done = page.getByTestId('course-import-done');
    await expect.poll(() => done.textContent(), { timeout: 60_000 }).toContain('versi 1.0.0 terpasang');
    expect(await installed(page)).toEqual([`${OWN}@1.0.0`, `${SHARED}@1.0.0`].sort());

    await done.getByRole('link', { name: 'Buka kursus' }).click();
    await page.locator('#outline-title').waitFor();
    const { manifest } = await readCourseFile(new Blob([await readFile(shared)]));
    const lesson = manifest.modules[0]!.lessons.at(-1)!;
    await page.locator('.outline-list__item', { hasText: lesson.title }).click();
    const article = page.locator('article.lesson');
    await expect.poll(() => article.count(), { timeout: 20_000 }).toBe(1);
    // The lesson's text came out of the imported file: it is more than the screen's frame.
    await expect.poll(() => article.locator('h1, h2').first().textContent()).toContain(lesson.title);
    // The body is read from IndexedDB after the frame draws: wait for it rather than read it once.
    await expect
      .poll(async () => (await article.textContent())!.length, { timeout: 20_000 })
      .toBeGreaterThan(lesson.title.length + 200);

    await page.goto(`${server.url}/kursus/${SHARED}`);
    await page.locator('a.quiz-link', { hasText: 'Latihan' }).first().click();
    await page.getByRole('button', { name: 'Mulai' }).click();
    await expect.poll(() => page.getByTestId('question-position').count(), { timeout: 20_000 }).toBe(1);
  });

  it('an operator at the office saves the same course file from the catalog, to hand on without a signal', async () => {
    const { page } = phoneA;
    await putSignedInSession(page, await loginOnServer(server.url, 'operator'));
    await page.goto(`${server.url}/katalog`);
    const item = page.locator(`li[data-course="${SHARED}"]`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      item.getByRole('button', { name: 'Unduh file kursus' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${SHARED}-1.0.0.lentera-kursus`);
    const saved = join(dir, 'from-server.lentera-kursus');
    await download.saveAs(saved);
    expect(fingerprint(await readFile(saved))).toEqual(fingerprint(await readFile(shared)));
    await expect.poll(() => item.getByTestId('course-file-download').textContent()).toContain('Impor kursus dari file');
  });
});
