import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  closeAllCdp,
  launchBrowser,
  readIndexedDB,
  startServer,
  type BrowserHandle,
  type ServerHandle,
} from './harness';
import { demoManifest } from './fixtures/demo-course';
import { prepareLearner, SITI } from './fixtures/learner-profile';
import { openFromOutline, questionPosition, saveAnswer } from './fixtures/quiz-steps';

interface StoredOutboxRow {
  item: { kind: string; questionId?: string; mode?: string; clientScore?: number; answerIds?: string[] };
}

describe.skipIf(!chromiumAvailable())('latihan and ujian modes', () => {
  let server: ServerHandle;
  let browser: BrowserHandle;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await prepareLearner(browser.page, server.url, SITI, '2468');
  });
  afterAll(async () => {
    closeAllCdp();
    await browser?.close();
    await server?.stop();
  });

  it('latihan shows feedback with the explanation at once and lets the learner retry', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await openFromOutline(page, demoManifest.title, 'Latihan APBDes');
    await page.getByRole('button', { name: 'Mulai' }).click();
    await page.getByLabel('Keputusan Camat').check();
    await saveAnswer(page);
    const feedback = page.getByTestId('feedback');
    await expect.poll(() => feedback.locator('.feedback__verdict').textContent()).toBe('Belum tepat.');
    expect(await feedback.textContent()).toContain('Camat tidak menetapkan APBDes.');
    expect(await page.getByTestId('explanation').textContent()).toContain('Peraturan Desa');

    await page.getByRole('button', { name: 'Coba lagi' }).click();
    await page.getByLabel('Peraturan Desa').check();
    await saveAnswer(page);
    await expect.poll(() => feedback.locator('.feedback__verdict').textContent()).toBe('Benar!');

    // A retry is a new answer item; both went to the outbox.
    const outbox = await readIndexedDB<StoredOutboxRow>(page, 'lentera', 'outbox');
    expect(outbox.filter((r) => r.item.kind === 'answer' && r.item.questionId === 'q1')).toHaveLength(2);
  });

  it('latihan accepts every question type and scores the attempt on the phone', async () => {
    const { page } = browser;
    // The attempt of the first test resumes at question 2.
    await page.goto(`${server.url}/kursus/${demoManifest.id}/kuis/latihan-apbdes`);
    const next = async (n: number) => {
      await page.getByTestId('feedback').waitFor();
      expect(await page.getByTestId('feedback').locator('.feedback__verdict').textContent(), `q${n}`).toBe('Benar!');
      await page.getByRole('button', { name: n < 10 ? 'Soal berikutnya' : 'Lihat ringkasan' }).click();
    };
    await expect.poll(() => questionPosition(page).textContent()).toBe('Soal 2 dari 10');
    await page.getByLabel('Dana Desa').check();
    await page.getByLabel('ADD').check();
    await saveAnswer(page);
    await next(2);
    await page.getByLabel('Benar', { exact: true }).check();
    await saveAnswer(page);
    await next(3);
    await page.getByLabel('Jawaban Anda', { exact: true }).fill('  rkp-desa. ');
    await saveAnswer(page);
    await next(4);
    const number = page.getByLabel('Jawaban Anda (angka, misalnya 42,5)');
    await number.fill('enam');
    await saveAnswer(page);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Tulis satu angka, misalnya 42,5.');
    await number.fill('6');
    await saveAnswer(page);
    await next(5);
    // A chosen pair must not look like the "Pilih pasangan" prompt, also under the feedback (disabled).
    const look = (label: string) =>
      page.getByLabel(label).evaluate((s) => {
        const style = getComputedStyle(s);
        return `${style.color} ${style.fontWeight} ${style.fontStyle} ${style.opacity}`;
      });
    const prompt = await look('RPJMDes');
    await page.getByLabel('RPJMDes').selectOption({ label: '6 tahun' });
    expect(await look('RPJMDes')).not.toBe(prompt);
    expect(await look('RKPDes')).toBe(prompt);
    await page.getByLabel('RKPDes').selectOption({ label: '1 tahun' });
    const chosen = await look('RKPDes');
    await saveAnswer(page);
    await page.getByTestId('feedback').waitFor();
    expect(await look('RPJMDes')).toBe(chosen);
    expect(chosen).toBe('rgb(15, 23, 42) 600 normal 1');
    await next(6);
    for (const [n, label] of [
      [7, 'Benar'],
      [8, 'Salah'],
    ] as const) {
      await page.getByLabel(label, { exact: true }).check();
      await saveAnswer(page);
      await next(n);
    }
    await page.getByLabel('Sekretaris Desa').check();
    await saveAnswer(page);
    await next(9);
    await page.getByLabel('Benar', { exact: true }).check();
    await saveAnswer(page);
    await next(10);

    await expect.poll(() => page.locator('#summary-title').textContent()).toBe('Ringkasan');
    expect(await page.locator('.quiz-summary').textContent()).toContain('10 dari 10 soal sudah dijawab.');
    await page.getByRole('button', { name: 'Selesai' }).click();
    await expect.poll(() => page.getByTestId('result-status').textContent()).toBe('Nilai 100%Lulus');
    const outbox = await readIndexedDB<StoredOutboxRow>(page, 'lentera', 'outbox');
    const attempt = outbox.find((r) => r.item.kind === 'attempt' && r.item.mode === 'latihan');
    expect(attempt?.item.clientScore).toBe(100);
    expect(attempt?.item.answerIds).toHaveLength(10);
  });

  it('ujian shows no feedback and ends in "menunggu penilaian"', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/kursus/${demoManifest.id}`);
    await page.locator('a', { hasText: 'Post-test Keuangan Desa' }).click();
    await page.getByRole('button', { name: 'Mulai' }).click();
    await expect.poll(() => questionPosition(page).textContent()).toBe('Soal 1 dari 3');
    await page.getByLabel('Benar', { exact: true }).check();
    await saveAnswer(page);
    await expect.poll(() => questionPosition(page).textContent()).toBe('Soal 2 dari 3');
    expect(await page.getByTestId('feedback').count()).toBe(0);
    await page.getByLabel('Siskeudes').check();
    await saveAnswer(page);
    await expect.poll(() => questionPosition(page).textContent()).toBe('Soal 3 dari 3');
    // Indonesian decimal comma is accepted by the numeric input.
    await page.getByLabel('Jawaban Anda (angka, misalnya 42,5)').fill('6,0');
    await saveAnswer(page);
    expect(await page.getByTestId('feedback').count()).toBe(0);
    expect(await page.locator('text=Benar!').count()).toBe(0);

    await page.getByRole('button', { name: 'Selesai' }).click();
    // An ujian asks before it ends.
    await page.getByRole('button', { name: 'Ya, akhiri ujian' }).click();
    await expect.poll(() => page.getByTestId('result-status').textContent()).toContain('Menunggu penilaian');
    expect(await page.locator('text=/Nilai \\d/').count()).toBe(0);

    const outbox = await readIndexedDB<StoredOutboxRow>(page, 'lentera', 'outbox');
    const attempt = outbox.find((r) => r.item.kind === 'attempt' && r.item.mode === 'ujian');
    expect(attempt?.item.answerIds).toHaveLength(3);
    expect(attempt?.item).not.toHaveProperty('clientScore');

    await page.getByRole('link', { name: 'Kembali ke kursus' }).click();
    await expect
      .poll(() => page.locator('a', { hasText: 'Post-test Keuangan Desa' }).textContent())
      .toContain('Menunggu penilaian');
  });

  it('a timed ujian ends by itself when the time is up, keeping the answers given', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/kursus/${demoManifest.id}/kuis/pre-test`);
    await page.getByRole('button', { name: 'Mulai' }).click();
    await expect.poll(() => page.getByRole('timer').textContent()).toMatch(/^Sisa waktu 0:0[0-6]$/);
    await page.getByLabel('Benar', { exact: true }).check();
    await saveAnswer(page);
    await expect.poll(() => questionPosition(page).textContent()).toBe('Soal 2 dari 2');
    // No more answers: at zero the attempt is finished and waits for its grade.
    await expect
      .poll(() => page.getByTestId('result-status').textContent(), { timeout: 15_000 })
      .toContain('Menunggu penilaian');
    expect(await page.locator('.result__facts dd').first().textContent()).toBe('1');
  });

  it('says so when an answer could not be saved, and confirms nothing', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/kursus/${demoManifest.id}/kuis/latihan-apbdes`);
    await page.getByRole('button', { name: 'Mulai' }).click();
    await expect.poll(() => questionPosition(page).textContent()).toBe('Soal 1 dari 10');
    // Another tab finishes this attempt behind the player's back: the save transaction must fail.
    const attemptId = await page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const open = indexedDB.open('lentera');
          open.onsuccess = () => {
            const store = open.result.transaction('attempts', 'readwrite').objectStore('attempts');
            const all = store.getAll();
            all.onsuccess = () => {
              const attempt = (all.result as { id: string; quizId: string; finishedAt?: number }[]).find(
                (a) => a.quizId === 'latihan-apbdes' && a.finishedAt === undefined,
              );
              if (!attempt) return reject(new Error('no open attempt'));
              store.put({ ...attempt, finishedAt: Date.now() });
              resolve(attempt.id);
            };
          };
          open.onerror = () => reject(open.error);
        }),
    );
    await page.getByLabel('Peraturan Desa').check();
    await saveAnswer(page);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Jawaban belum tersimpan. Coba lagi; jika tetap gagal, memori ponsel mungkin penuh.');
    expect(await page.getByTestId('feedback').count()).toBe(0);
    const answers = await readIndexedDB<{ attemptId: string }>(page, 'lentera', 'answers');
    expect(answers.filter((a) => a.attemptId === attemptId)).toHaveLength(0);
  });
});
