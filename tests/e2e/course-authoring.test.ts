import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CourseManifest } from '../../src/shared/course/manifest';
import type { SignedManifest } from '../../src/shared/course/signed-manifest';
import {
  chromiumAvailable,
  closeAllCdp,
  launchBrowser,
  readIndexedDB,
  signInWithPassword,
  startServer,
  waitForServiceWorker,
  type BrowserHandle,
  type ServerHandle,
} from './harness';
import { startCourseProxy, type CourseProxy } from './courses/course-proxy';
import { loginOnServer, putSignedInSession } from './fixtures/learner-profile';
import { openFromOutline, saveAnswer } from './fixtures/quiz-steps';
import { seriousAxeViolations } from './fixtures/screen-checks';

// "Done when" 1 of the authoring work: an author writes a course in the browser (a lesson with an
// image, a quiz imported from a GIFT file as Moodle writes it: no id lines, a missing-word
// question, and one question added to it in the question editor), previews and publishes it; a phone downloads it and answers the quiz; the author adds
// a lesson and publishes 1.1.0, and the phone's update fetches only that lesson (counted).

const COURSE = 'kursus-peramban';
const TITLE = 'Kursus dari peramban';
/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
/** As Moodle's question bank export writes it: a category, `// question:` comments, titles, [html]. */
const MOODLE_GIFT = [
  '// question: 0  name: Switch category to $course$/top/Default for Keuangan Desa',
  '$CATEGORY: $course$/top/Default for Keuangan Desa',
  '',
  '',
  '// question: 501  name: Batas kesepakatan',
  '::Batas kesepakatan::[html]Rancangan Perdes tentang APB Desa disepakati paling lambat bulan {',
  '\t=Oktober#Benar, paling lambat Oktober.',
  '\t~Juli#Juli adalah awal penyusunan RKP Desa.',
  '\t~Desember',
  '} tahun berjalan.',
  '',
].join('\n');

const installedVersion = async (page: Page) =>
  (await readIndexedDB<{ id: string; activeVersion: string }>(page, 'lentera', 'courses')).find((c) => c.id === COURSE)
    ?.activeVersion;

describe.skipIf(!chromiumAvailable())('a course authored in the browser, from scratch to a phone', () => {
  let server: ServerHandle;
  let proxy: CourseProxy;
  let author: BrowserHandle;
  let phone: BrowserHandle;

  beforeAll(async () => {
    server = await startServer(process.env.LENTERA_STATIC_DIR ? { staticDir: process.env.LENTERA_STATIC_DIR } : {});
    proxy = await startCourseProxy(server.url);
    author = await launchBrowser();
    phone = await launchBrowser();
  });
  afterAll(async () => {
    closeAllCdp();
    await author?.close();
    await phone?.close();
    await proxy?.close();
    await server?.stop();
  });

  const status = (page: Page, text: string) =>
    expect.poll(() => page.getByRole('status').allTextContents()).toContainEqual(expect.stringContaining(text));

  async function writeLesson(page: Page, id: string, markdown: string) {
    await page.fill('#new-lesson', id);
    await page.getByRole('button', { name: 'Tambah pelajaran' }).click();
    await page.fill(`#lesson-${id}`, markdown);
    await page.getByRole('button', { name: 'Simpan pelajaran' }).click();
    await status(page, 'Pelajaran tersimpan.');
  }

  async function publish(page: Page, version: string) {
    await page.getByRole('button', { name: 'Tampilkan pratinjau di ponsel' }).click();
    await page.getByTestId('changes').waitFor();
    const changes = (await page.getByTestId('changes').textContent()) ?? '';
    await page.getByRole('button', { name: `Terbitkan versi ${version}` }).click();
    await expect.poll(() => page.getByTestId('publish-status').textContent()).toBe(`Versi ${version} sudah terbit.`);
    return changes;
  }

  it('an author creates the course, a lesson with an image and a quiz from a Moodle GIFT file, previews and publishes it', async () => {
    const { page } = author;
    await signInWithPassword(page, server.url, 'pelatih');
    // The first visit's service worker takes control before the work starts, as on any laptop after it.
    await waitForServiceWorker(page);
    await page
      .getByRole('navigation', { name: 'Navigasi utama' })
      .getByRole('link', { name: 'Penulisan kursus' })
      .click();
    await page.locator('#course-title').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.fill('#course-title', TITLE);
    await page.fill('#course-id', COURSE);
    await page.getByRole('button', { name: 'Buat kursus' }).click();
    await page.waitForURL(`${server.url}/penulis/${COURSE}`);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.setInputFiles('#media-file', { name: 'peta.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'Unggah' }).click();
    await status(page, 'peta.png terunggah');

    // The live preview renders as on the phone: raw HTML shows as the text typed, never as elements
    // (no script, no handler), and the image shows.
    await page.fill('#new-lesson', 'pengantar');
    await page.getByRole('button', { name: 'Tambah pelajaran' }).click();
    await page.fill(
      '#lesson-pengantar',
      '# Pengantar\n\nPeta desa:\n\n![Peta desa](media/peta.png)\n\n<script>window.hacked = 1</script><b onclick="alert(1)">tebal</b>\n',
    );
    const preview = page.getByTestId('lesson-preview');
    await expect.poll(() => preview.locator('img').getAttribute('src')).toMatch(/^blob:/);
    expect(await preview.locator('script, b, [onclick]').count()).toBe(0);
    expect(await preview.textContent()).toContain('<script>window.hacked = 1</script><b onclick="alert(1)">tebal</b>');
    await page.getByRole('button', { name: 'Simpan pelajaran' }).click();
    await status(page, 'Pelajaran tersimpan.');

    // A lesson written by mistake is deleted again (after the confirmation) and stays out of the course.
    await writeLesson(page, 'sementara', '# Sementara\n');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Hapus pelajaran' }).click();
    await expect.poll(() => page.getByTestId('lesson-list').textContent()).toBe('Ubah pengantar');

    // A broken file first: every line to fix is listed, nothing is imported.
    await page.fill('#quiz-name', 'Latihan peramban');
    await page.fill('#quiz-id', 'latihan-peramban');
    await page.setInputFiles('#quiz-file', {
      name: 'rusak.gift',
      mimeType: 'text/plain',
      buffer: Buffer.from('::A::Pilih satu {~a ~b}\n\n::B::Berapa? {#lima}\n'),
    });
    await page.getByRole('button', { name: 'Impor' }).click();
    const issues = page.getByTestId('quiz-issues').locator('li');
    await expect
      .poll(() => issues.allTextContents())
      .toEqual([
        'rusak.gift baris 1: Tidak ada jawaban yang ditandai benar.',
        'rusak.gift baris 3: Penulisan tidak bisa dibaca (kurung kurawal, judul atau opsi).',
      ]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.setInputFiles('#quiz-file', {
      name: 'keuangan.gift',
      mimeType: 'text/plain',
      buffer: Buffer.from(MOODLE_GIFT),
    });
    await page.getByRole('button', { name: 'Impor' }).click();
    await status(page, '1 soal diimpor.');

    // The imported quiz opens in the question editor; one true/false question is added there.
    await page.getByRole('button', { name: 'Ubah kuis Latihan peramban' }).click();
    const editor = page.getByTestId('quiz-editor');
    await expect.poll(() => editor.locator('ol > li').count()).toBe(1);
    await editor.getByLabel('Jenis soal', { exact: true }).last().selectOption('truefalse');
    await editor.getByRole('button', { name: 'Tambah soal' }).click();
    await editor.getByRole('button', { name: 'Simpan kuis' }).click();
    await expect.poll(() => editor.getByRole('alert').textContent()).toContain('Soal 2: Teks soal masih kosong.');
    const added = editor.locator('ol > li').nth(1);
    await added.getByLabel('Teks soal').fill('Musyawarah desa membahas rancangan APB Desa.');
    await added.getByLabel('Penjelasan sesudah menjawab (boleh kosong)').fill('Musdes membahasnya sebelum disepakati.');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await editor.getByRole('button', { name: 'Simpan kuis' }).click();
    await status(page, 'Kuis tersimpan: 2 soal.');

    await page.getByRole('button', { name: 'Tampilkan pratinjau di ponsel' }).click();
    const phoneView = page.getByTestId('phone-preview');
    await expect.poll(() => phoneView.textContent()).toContain('disepakati paling lambat bulan _____ tahun berjalan.');
    expect(await phoneView.textContent()).toContain('Musyawarah desa membahas rancangan APB Desa.');
    expect(await phoneView.locator('img').count()).toBe(1);
    expect(await page.getByTestId('changes').textContent()).toContain('Versi pertama');
    expect(await page.getByTestId('download-bytes').textContent()).toMatch(/^Ponsel peserta akan mengunduh 3 berkas/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await publish(page, '1.0.0');
  });

  it("a learner's phone downloads it and answers the missing-word question", async () => {
    const { page } = phone;
    await page.goto(proxy.url);
    await waitForServiceWorker(page);
    await putSignedInSession(page, await loginOnServer(server.url, 'siti'));
    await page.goto(`${proxy.url}/katalog`);
    const item = page.locator(`li[data-course="${COURSE}"]`);
    await item.getByRole('button', { name: 'Unduh' }).click();
    await expect.poll(() => installedVersion(page), { timeout: 30_000 }).toBe('1.0.0');

    await page.goto(proxy.url);
    await openFromOutline(page, TITLE, 'Latihan peramban');
    await page.getByRole('button', { name: 'Mulai' }).click();
    await expect.poll(() => page.locator('.quiz__text').textContent()).toContain('bulan _____ tahun berjalan.');
    await page.getByLabel('Oktober').check();
    await saveAnswer(page);
    const feedback = page.getByTestId('feedback');
    await expect.poll(() => feedback.locator('.feedback__verdict').textContent()).toBe('Benar!');
    expect(await feedback.textContent()).toContain('paling lambat Oktober');

    // The question added in the editor comes second, with its explanation.
    await page.getByRole('button', { name: 'Soal berikutnya' }).click();
    await expect.poll(() => page.locator('.quiz__text').textContent()).toContain('Musyawarah desa membahas');
    await page.getByLabel('Benar', { exact: true }).check();
    await saveAnswer(page);
    await expect.poll(() => feedback.locator('.feedback__verdict').textContent()).toBe('Benar!');
    expect(await feedback.textContent()).toContain('Musdes membahasnya sebelum disepakati.');
  });

  it('the author adds a lesson and publishes 1.1.0; the phone updates with one delta carrying the new lesson', async () => {
    await writeLesson(author.page, 'kedua', '# Pelajaran kedua\n\nMusyawarah desa membahas rancangan APB Desa.\n');
    const changes = await publish(author.page, '1.1.0');
    expect(changes).toContain('Baru: kedua.md');

    const token = (await loginOnServer(server.url, 'siti')).token;
    const envelope = (await (
      await fetch(`${server.url}/api/courses/${COURSE}/versions/1.1.0`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json()) as SignedManifest;
    const lesson = (JSON.parse(envelope.manifest) as CourseManifest).files.find((f) => f.path === 'kedua.md')!;

    const { page } = phone;
    proxy.delivered.clear();
    await page.goto(`${proxy.url}/katalog`);
    await page.locator(`li[data-course="${COURSE}"]`).getByRole('button', { name: 'Perbarui ke versi 1.1.0' }).click();
    await expect.poll(() => installedVersion(page), { timeout: 30_000 }).toBe('1.1.0');
    // Only the new lesson changed, and it came inline with the manifest delta: no file fetched apart.
    expect([...proxy.delivered]).toEqual([]);
    const text = await page.evaluate(async (hash) => (await fetch(`/offline/files/${hash}`)).text(), lesson.hash);
    expect(text).toContain('Musyawarah desa membahas');
  });
});
