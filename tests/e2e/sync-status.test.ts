import { describe, expect, it } from 'vitest';
import { demoManifest } from './fixtures/demo-course';
import { installCourse } from './fixtures/install-course';
import { createPin } from './fixtures/learner-profile';
import { openFromOutline, saveAnswer } from './fixtures/quiz-steps';
import { chromiumAvailable, readIndexedDB, signInWithPassword, useServerAndBrowser } from './harness';

// Reliability test 10 as the learner sees it: work on a course the server does not know (this
// fixture course was never published there) is refused for good; the home screen lists it with the
// reason in plain Bahasa Indonesia, and the sync itself still completes.

interface OutboxRow {
  state: string;
  lastError?: string;
  item: { kind: string };
}

describe.skipIf(!chromiumAvailable())('sync status on the home screen', () => {
  const session = useServerAndBrowser();

  it('"Sinkronkan sekarang" sends what it can and lists a refused item with its reason', async () => {
    const { page } = session.browser;
    await signInWithPassword(page, session.server.url, 'siti');
    await createPin(page, '2468');
    await installCourse(page);
    await page.reload();

    await openFromOutline(page, demoManifest.title, 'Apa itu APBDes');
    await page.getByRole('button', { name: 'Tandai sudah dibaca' }).click();
    await page.getByRole('status').filter({ hasText: 'Sudah dibaca' }).waitFor();
    await page.getByRole('link', { name: 'Kembali ke kursus' }).first().click();
    await page.locator('a', { hasText: 'Latihan APBDes' }).click();
    await page.getByRole('button', { name: 'Mulai' }).click();
    await page.getByLabel('Peraturan Desa').check();
    await saveAnswer(page);
    await page.getByTestId('feedback').waitFor();

    await page.goto(session.server.url);
    await page.getByTestId('sync-now').click();
    const dead = page.getByTestId('sync-dead');
    await expect.poll(() => dead.textContent(), { timeout: 30_000 }).toContain('2 catatan tidak bisa dikirim');
    expect(await dead.textContent()).toContain('Kursus ini tidak dikenal server');
    await expect.poll(() => page.getByTestId('sync-last').textContent()).toContain('Terakhir berhasil');

    const outbox = await readIndexedDB<OutboxRow>(page, 'lentera', 'outbox');
    expect(outbox.map((r) => [r.item.kind, r.state, r.lastError])).toEqual([
      ['progress', 'dead', 'unknown_course'],
      ['answer', 'dead', 'unknown_course'],
    ]);
  });
});
