import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/server/store/open-store';
import { createPin } from './fixtures/learner-profile';
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

// Reliability scenario 11 (docs/reliability.md): study offline, answer the pre-test, restore the
// signal with two tabs open (and the service worker's Background Sync) → graded on the server, the
// grade appears on the phone, and the server holds exactly one copy of everything.

const COURSE = 'pengelolaan-keuangan-desa';

interface OutboxRow {
  id: string;
  state: string;
  item: { kind: string; id: string };
}
interface AttemptRow {
  id: string;
  quizId: string;
  gradeStatus: string;
  score?: number;
}

/** Answers the visible question with its first option (or a number/text) and saves it. */
async function answerCurrent(page: Page): Promise<void> {
  const form = page.locator('form.quiz');
  if ((await form.locator('input[type=radio]').count()) > 0) await form.locator('input[type=radio]').first().check();
  else if ((await form.locator('input[type=checkbox]').count()) > 0) {
    await form.locator('input[type=checkbox]').first().check();
  } else if ((await form.locator('select').count()) > 0) {
    for (const select of await form.locator('select').all()) await select.selectOption({ index: 1 });
  } else await form.locator('input').first().fill('1');
  await saveAnswer(page);
}

describe.skipIf(!chromiumAvailable())(
  'sync: an offline pre-test reaches the server once and its grade comes back',
  () => {
    let server: ServerHandle;
    let browser: BrowserHandle;

    beforeAll(async () => {
      server = await startServer();
      browser = await launchBrowser();
    });
    afterAll(async () => {
      closeAllCdp();
      await browser?.close();
      await server?.stop();
    });

    it('offline pre-test → signal back with two tabs open → graded, shown on the phone, one copy on the server', async () => {
      const { page, context } = browser;
      await page.goto(`${server.url}/masuk`);
      await waitForServiceWorker(page);
      await page.locator('#username').fill('siti');
      await page.locator('#password').fill('lentera-demo');
      await page.locator('form button[type="submit"]').click();
      await createPin(page, '2468');

      await page.goto(`${server.url}/katalog`);
      const item = page.locator(`li[data-course="${COURSE}"]`);
      await item.getByRole('button', { name: 'Unduh' }).click();
      await expect.poll(() => item.textContent(), { timeout: 90_000 }).toContain('Terpasang');

      await goOffline(context);
      await page.goto(server.url);
      await openFromOutline(page, 'Pengelolaan Keuangan Desa', 'Pre-test');
      await page.getByRole('button', { name: 'Mulai' }).click();
      const total = Number(/dari (\d+)/.exec((await questionPosition(page).textContent()) ?? '')?.[1]);
      expect(total).toBeGreaterThanOrEqual(10);
      for (let i = 1; i <= total; i++) {
        await expect.poll(() => questionPosition(page).textContent()).toBe(`Soal ${i} dari ${total}`);
        await answerCurrent(page);
      }
      await page.getByRole('button', { name: 'Selesai' }).click();
      // An ujian asks before it ends.
      await page.getByRole('button', { name: 'Ya, akhiri ujian' }).click();
      await expect.poll(() => page.getByTestId('result-status').textContent()).toContain('Menunggu penilaian');

      const queued = await readIndexedDB<OutboxRow>(page, 'lentera', 'outbox');
      expect(queued.filter((r) => r.state === 'pending').length).toBe(total + 1);
      const resultUrl = page.url();

      // A second tab is open when the signal returns: both tabs and the service worker may try to sync.
      const second = await context.newPage();
      await second.goto(server.url);
      await goOnline(context);

      const attemptOf = async () =>
        (await readIndexedDB<AttemptRow>(page, 'lentera', 'attempts')).find((a) => a.quizId === 'pretest');
      await expect.poll(async () => (await attemptOf())?.gradeStatus, { timeout: 60_000 }).toBe('graded');
      const attempt = (await attemptOf())!;
      expect(typeof attempt.score).toBe('number');
      await page.goto(resultUrl);
      await expect.poll(() => page.getByTestId('result-status').textContent()).not.toContain('Menunggu penilaian');
      const shown = new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: 1 }).format(
        attempt.score! / 100,
      );
      expect(await page.locator('main').textContent()).toContain(`Nilai ${shown}`);

      const outbox = await readIndexedDB<OutboxRow>(page, 'lentera', 'outbox');
      expect(outbox.map((r) => r.state).filter((s) => s !== 'synced')).toEqual([]);
      await second.close();

      await server.stop();
      const store = await openStore({ dataDir: server.dataDir });
      try {
        const ids = outbox.map((r) => r.id);
        const stored = await store.query<{ id: string; n: number }>(
          `SELECT id::text AS id, count(*)::int AS n FROM sync_items
          WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb)) GROUP BY id`,
          [JSON.stringify(ids)],
        );
        expect(stored.rows.length).toBe(ids.length);
        expect(stored.rows.every((r) => r.n === 1)).toBe(true);
        const attempts = await store.query<{ n: number; score: string | null }>(
          `SELECT count(*)::int AS n, max(score)::text AS score FROM attempts WHERE id = $1`,
          [attempt.id],
        );
        expect(attempts.rows[0]!.n).toBe(1);
        expect(Number(attempts.rows[0]!.score)).toBe(attempt.score);
      } finally {
        await store.close();
        await server.restart();
      }
    });
  },
);
