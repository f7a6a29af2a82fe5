import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAppVersion,
  chromiumAvailable,
  copyCurrentBuild,
  deployBuild,
  closeAllCdp,
  launchBrowser,
  readIndexedDB,
  startServer,
  waitForServiceWorker,
  type BrowserHandle,
  type ServerHandle,
} from './harness';
import { demoManifest } from './fixtures/demo-course';
import { prepareLearner, SITI } from './fixtures/learner-profile';
import { questionPosition, saveAnswer } from './fixtures/quiz-steps';

const V2 = '2.0.0-mid-quiz';

describe.skipIf(!chromiumAvailable())('an app update arriving mid-quiz', () => {
  let server: ServerHandle;
  let browser: BrowserHandle;
  let served: string;
  let v2: string;

  beforeAll(async () => {
    v2 = buildAppVersion(V2);
    served = copyCurrentBuild();
    server = await startServer({ staticDir: served });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    closeAllCdp();
    await browser?.close();
    await server?.stop();
    for (const dir of [v2, served]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('waits until the learner leaves the quiz, reloads only then, and loses no answer', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await waitForServiceWorker(page);
    await prepareLearner(page, server.url, SITI, '2468');
    const v1Footer = await page.locator('footer').textContent();

    await page.goto(`${server.url}/kursus/${demoManifest.id}/kuis/latihan-apbdes`);
    await page.getByRole('button', { name: 'Mulai' }).click();
    await page.getByLabel('Peraturan Desa').check();
    await saveAnswer(page);
    await page.getByRole('button', { name: 'Soal berikutnya' }).click();
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });

    deployBuild(v2, served);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const prompt = page.getByRole('alertdialog');
    await expect.poll(() => prompt.textContent(), { timeout: 30_000 }).toContain('Versi baru Lentera tersedia.');
    await page.getByRole('button', { name: 'Perbarui sekarang' }).click();
    // Accepted, but the quiz is open: the update waits and says so.
    await expect.poll(() => prompt.textContent()).toBe('Versi baru akan dipasang setelah kuis selesai atau disimpan.');

    // The learner keeps answering on v1, undisturbed.
    await page.getByLabel('Dana Desa').check();
    await saveAnswer(page);
    await page.getByTestId('feedback').waitFor();
    await page.waitForTimeout(1000);
    expect(navigations).toBe(0);
    expect(await page.locator('footer').textContent()).toBe(v1Footer);

    // Leaving the quiz (every answer is already saved) lets the update in.
    await page.getByRole('link', { name: 'Kembali ke kursus' }).click();
    await expect.poll(() => page.locator('footer').textContent(), { timeout: 30_000 }).toBe(`Versi ${V2}`);
    expect(navigations).toBeGreaterThan(0);

    const answers = await readIndexedDB<{ questionId: string }>(page, 'lentera', 'answers');
    expect(answers.map((a) => a.questionId).sort()).toEqual(['q1', 'q2']);
    await page.goto(`${server.url}/kursus/${demoManifest.id}/kuis/latihan-apbdes`);
    await expect.poll(() => questionPosition(page).textContent()).toBe('Soal 3 dari 10');
  });
});
