import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishPackage } from '../../src/cli/course/publish-package';
import { generatePublisherKey } from '../../src/cli/course/publisher-key';
import { demoPackage } from '../server/course-fixture';
import { loginOnServer, putSignedInSession } from './fixtures/learner-profile';
import { openFromOutline, questionPosition, saveAnswer } from './fixtures/quiz-steps';
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
} from './harness';

// "Done when" 2 of the quiz policy (docs/quiz-policy.md): after an ujian is graded, the review
// shows per question what the policy allows and nothing more; a closed quiz says so offline.

const COURSE = 'kebijakan-kuis';
const TITLE = 'Kebijakan Kuis Desa';

/** Two single-choice questions with an explanation each; the first choice is right. */
const gift = (prefix: string) => `// id: ${prefix}-1
::Satu::APB Desa ditetapkan dengan apa? {
=Peraturan Desa
~Keputusan Camat#Camat tidak menetapkan APB Desa.
####APB Desa ditetapkan dengan Peraturan Desa setelah dibahas bersama BPD (${prefix}).
}

// id: ${prefix}-2
::Dua::Berapa tahun masa RPJM Desa? {
=Enam tahun
~Satu tahun
####RPJM Desa berlaku enam tahun (${prefix}).
}
`;

/** The demo course under its own id: the short pre-test (after-posttest, 1 attempt) and post-test (after-grading). */
async function publishPolicyCourse(server: string) {
  const token = (await loginOnServer(server, 'pelatih')).token;
  const pkg = await demoPackage(await generatePublisherKey(), {
    edit: async (dir) => {
      const yamlPath = join(dir, 'course.yaml');
      const yaml = (await readFile(yamlPath, 'utf8'))
        .replace(/^id: .*$/m, `id: ${COURSE}`)
        .replace(/^title: .*$/m, `title: ${TITLE}`)
        .replace(/^ {6}- file: lessons\/00-video.*\n/m, '')
        .replace('review: after-final', 'review: after-grading')
        .replace(/^ {2}timeLimitMinutes: .*\n/gm, '');
      await writeFile(yamlPath, yaml);
      await writeFile(join(dir, 'quizzes/pretest.gift'), gift('pre'));
      await writeFile(join(dir, 'quizzes/posttest.gift'), gift('post'));
    },
  });
  await publishPackage(pkg, { server, token });
}

interface AttemptRow {
  id: string;
  quizId: string;
  gradeStatus: string;
  review?: unknown;
}

describe.skipIf(!chromiumAvailable())('quiz policy in Chromium: review after grading, closed quiz offline', () => {
  let server: ServerHandle;
  let phone: BrowserHandle;

  beforeAll(async () => {
    server = await startServer();
    await publishPolicyCourse(server.url);
    phone = await launchBrowser();
    await phone.page.goto(server.url);
    await waitForServiceWorker(phone.page);
    await putSignedInSession(phone.page, await loginOnServer(server.url, 'siti'));
  });
  afterAll(async () => {
    closeAllCdp();
    await phone?.close();
    await server?.stop();
  });

  /** Takes the quiz from the outline: the first question answered right, the second wrong; returns the result URL. */
  async function takeQuiz(page: Page, quizTitle: string): Promise<string> {
    await page.goto(server.url);
    await openFromOutline(page, TITLE, quizTitle);
    await page.getByRole('button', { name: 'Mulai' }).click();
    await expect.poll(() => questionPosition(page).textContent()).toBe('Soal 1 dari 2');
    await page.getByLabel('Peraturan Desa', { exact: true }).check();
    await saveAnswer(page);
    await expect.poll(() => questionPosition(page).textContent()).toBe('Soal 2 dari 2');
    await page.getByLabel('Satu tahun', { exact: true }).check();
    await saveAnswer(page);
    await page.getByRole('button', { name: 'Selesai' }).click();
    await page.getByRole('button', { name: 'Ya, akhiri ujian' }).click();
    await page.getByTestId('result-status').waitFor();
    return page.url();
  }

  const attempt = async (page: Page, quizId: string) =>
    (await readIndexedDB<AttemptRow>(page, 'lentera', 'attempts')).find((a) => a.quizId === quizId);

  it('pre-test graded without its keys, closed offline; post-test graded with its review; then the pre-test review comes too', async () => {
    const { page, context } = phone;
    await page.goto(`${server.url}/katalog`);
    const item = page.locator(`li[data-course="${COURSE}"]`);
    await item.getByRole('button', { name: 'Unduh' }).click();
    await expect.poll(() => item.textContent(), { timeout: 90_000 }).toContain('Terpasang');

    // The pre-test: graded by the server, but its policy (after-posttest) keeps every key back.
    const preUrl = await takeQuiz(page, 'Pre-test');
    await expect.poll(async () => (await attempt(page, 'pretest'))?.gradeStatus, { timeout: 60_000 }).toBe('graded');
    await page.goto(preUrl);
    await expect.poll(() => page.getByTestId('result-status').textContent()).toContain('Nilai 50%');
    await expect
      .poll(() => page.getByTestId('review-later').textContent())
      .toBe('Pembahasan pre-test muncul setelah post-test kursus ini dinilai.');
    expect(await page.getByTestId('review-item').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('Enam tahun');
    expect((await attempt(page, 'pretest'))?.review).toBeUndefined();

    // Offline, its one attempt used: the intro says the quiz is closed, and offers no start.
    await goOffline(context);
    await page.goto(server.url);
    await openFromOutline(page, TITLE, 'Pre-test');
    await expect
      .poll(() => page.getByTestId('quiz-closed').textContent())
      .toBe('Kuis ini sudah ditutup: semua 1 percobaan sudah dipakai.');
    expect(await page.getByRole('button', { name: 'Mulai' }).count()).toBe(0);
    await goOnline(context);

    // The post-test (after-grading): once graded, the review shows every question.
    const postUrl = await takeQuiz(page, 'Post-test');
    await expect.poll(async () => (await attempt(page, 'posttest'))?.gradeStatus, { timeout: 60_000 }).toBe('graded');
    await page.goto(postUrl);
    await expect.poll(() => page.getByTestId('review-item').count()).toBe(2);
    expect(await page.getByTestId('pass-line').textContent()).toBe('Belum lulus');
    expect(await page.getByTestId('pass-mark').textContent()).toBe('70');
    const [first, second] = await page.getByTestId('review-item').all();
    expect(await first!.textContent()).toContain('Jawaban Anda: Peraturan Desa');
    expect(await first!.textContent()).toContain('Benar!');
    expect(await first!.getByTestId('review-correct').count()).toBe(0);
    expect(await second!.textContent()).toContain('Jawaban Anda: Satu tahun');
    expect(await second!.getByTestId('review-correct').textContent()).toBe('Jawaban benar: Enam tahun');
    expect(await second!.getByTestId('explanation').textContent()).toContain('RPJM Desa berlaku enam tahun (post).');

    // The post-test is graded, so the pre-test's grade came again, now with its review.
    await expect.poll(async () => (await attempt(page, 'pretest'))?.review !== undefined).toBe(true);
    await page.goto(preUrl);
    await expect.poll(() => page.getByTestId('review-item').count()).toBe(2);
    expect(await page.locator('main').textContent()).toContain('RPJM Desa berlaku enam tahun (pre).');

    // Riwayat: pre-test → post-test for the course.
    await page.goto(`${server.url}/riwayat`);
    await expect.poll(() => page.getByTestId('pre-post').textContent()).toBe(`${TITLE}: 50% → 50%`);
  });
});
