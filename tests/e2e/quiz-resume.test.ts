import { describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  goOffline,
  launchBrowser,
  readIndexedDB,
  waitForServiceWorker,
  useServerAndBrowser,
} from './harness';
import { demoManifest } from './fixtures/demo-course';
import { prepareLearner, SITI, unlockProfile } from './fixtures/learner-profile';
import { openFromOutline, questionPosition, saveAnswer } from './fixtures/quiz-steps';

interface StoredAnswer {
  questionId: string;
  attemptId: string;
  learnerId: string;
}
interface StoredOutboxRow {
  state: string;
  item: { kind: string; questionId?: string };
}

describe.skipIf(!chromiumAvailable())('an interrupted quiz resumes after the browser is killed', () => {
  const session = useServerAndBrowser();

  it('keeps 3 answers given offline through a SIGKILL and resumes at question 4', async () => {
    let { page } = session.browser;
    await page.goto(session.server.url);
    await waitForServiceWorker(page);
    await prepareLearner(page, session.server.url, SITI, '2468');

    // No signal from here on: the course is on the phone.
    await goOffline(session.browser.context);
    await openFromOutline(page, demoManifest.title, 'Apa itu APBDes');
    await expect.poll(() => page.locator('#lesson-title').textContent()).toBe('Apa itu APBDes');
    await expect.poll(() => page.locator('.prose img').getAttribute('src')).toMatch(/^\/offline\/files\/[0-9a-f]{64}$/);
    await page.getByRole('button', { name: 'Tandai sudah dibaca' }).click();
    await page.getByRole('status').filter({ hasText: 'Sudah dibaca' }).waitFor();

    await page.getByRole('link', { name: 'Kembali ke kursus' }).first().click();
    await page.locator('a', { hasText: 'Latihan APBDes' }).click();
    await page.getByRole('button', { name: 'Mulai' }).click();
    await expect.poll(() => questionPosition(page).textContent()).toBe('Soal 1 dari 10');
    await page.getByLabel('Peraturan Desa').check();
    await saveAnswer(page);
    await page.getByRole('button', { name: 'Soal berikutnya' }).click();
    await expect.poll(() => questionPosition(page).textContent()).toBe('Soal 2 dari 10');
    await page.getByLabel('Dana Desa').check();
    await page.getByLabel('ADD').check();
    await saveAnswer(page);
    await page.getByRole('button', { name: 'Soal berikutnya' }).click();
    await page.getByLabel('Benar', { exact: true }).check();
    await saveAnswer(page);
    // The feedback shows only after the transaction committed: nothing unsaved is confirmed.
    await page.getByTestId('feedback').waitFor();

    await session.browser.kill();
    await session.server.stop();

    session.browser = await launchBrowser(session.browser.profileDir);
    page = session.browser.page;
    await page.goto(`${session.server.url}/kursus/${demoManifest.id}/kuis/latihan-apbdes`);
    // A new browser session: the shared phone asks for the PIN again.
    await unlockProfile(page, SITI.name, '2468');
    await expect.poll(() => questionPosition(page).textContent()).toBe('Soal 4 dari 10');

    const answers = await readIndexedDB<StoredAnswer>(page, 'lentera', 'answers');
    expect(answers.map((a) => a.questionId).sort()).toEqual(['q1', 'q2', 'q3']);
    expect(new Set(answers.map((a) => a.attemptId)).size).toBe(1);
    expect(answers.every((a) => a.learnerId === SITI.id)).toBe(true);
    const outbox = await readIndexedDB<StoredOutboxRow>(page, 'lentera', 'outbox');
    expect(outbox.filter((r) => r.item.kind === 'answer' && r.state === 'pending')).toHaveLength(3);
    expect(outbox.filter((r) => r.item.kind === 'progress')).toHaveLength(1);
    await session.server.restart();
  });
});
