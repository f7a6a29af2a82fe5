import { describe, expect, it } from 'vitest';
import { demoManifest } from './fixtures/demo-course';
import { prepareLearner, SITI, unlockProfile } from './fixtures/learner-profile';
import { openFromOutline, questionPosition, saveAnswer } from './fixtures/quiz-steps';
import {
  chromiumAvailable,
  goOffline,
  launchBrowser,
  readIndexedDB,
  waitForServiceWorker,
  useServerAndBrowser,
} from './harness';

// Reliability scenario 7 (docs/reliability.md): the tab is closed right after an answer is confirmed, with no
// signal; on reopen the answer exists and its outbox row is queued (strict durability).

interface OutboxRow {
  id: string;
  state: string;
  item: { kind: string; questionId?: string };
}

describe.skipIf(!chromiumAvailable())('a tab closed right after an answer', () => {
  const session = useServerAndBrowser();

  it('7. tab closed right after an answer → on reopen the answer exists and is queued', async () => {
    let { page } = session.browser;
    await prepareLearner(page, session.server.url, SITI, '2468');
    // As on a real phone: the app was opened online once, so its screens are precached.
    await waitForServiceWorker(page);
    await goOffline(session.browser.context);
    await openFromOutline(page, demoManifest.title, 'Post-test Keuangan Desa');
    await page.getByRole('button', { name: 'Mulai' }).click();
    await page.getByLabel('Benar', { exact: true }).check();
    await saveAnswer(page);
    await expect.poll(() => questionPosition(page).textContent()).toBe('Soal 2 dari 3');
    // Closed the moment the answer was confirmed: the tab, then the whole browser, with no goodbye.
    await page.close({ runBeforeUnload: false });
    await session.browser.kill();

    session.browser = await launchBrowser(session.browser.profileDir);
    page = session.browser.page;
    await page.goto(`${session.server.url}/kursus/${demoManifest.id}`);
    await unlockProfile(page, SITI.name, '2468');
    const outbox = await readIndexedDB<OutboxRow>(page, 'lentera', 'outbox');
    const answers = outbox.filter((r) => r.item.kind === 'answer');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.state).toBe('pending');
    const stored = await readIndexedDB<{ id: string }>(page, 'lentera', 'answers');
    expect(stored.map((a) => a.id)).toEqual([answers[0]!.id]);
  });
});
