import { readFile } from 'node:fs/promises';
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

// "Kirim lewat file" end to end (docs/result-files.md): a phone with no signal writes its pending
// work into a signed result file (a download in headless Chromium, which cannot share files), an
// operator uploads the file in another browser, the server stores and grades it, and when the phone
// later gets a signal and syncs directly nothing is stored twice and the phone shows the grade.

const COURSE = 'pengelolaan-keuangan-desa';

interface OutboxRow {
  id: string;
  state: string;
}
interface AttemptRow {
  quizId: string;
  gradeStatus: string;
  score?: number;
}

async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/masuk`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('lentera-demo');
  await page.locator('form button[type="submit"]').click();
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

describe.skipIf(!chromiumAvailable())('sync: results carried by file from a phone without signal', () => {
  let server: ServerHandle;
  let phone: BrowserHandle;
  let office: BrowserHandle;

  beforeAll(async () => {
    server = await startServer();
    [phone, office] = await Promise.all([launchBrowser(), launchBrowser()]);
  });
  afterAll(async () => {
    closeAllCdp();
    await Promise.all([phone?.close(), office?.close()]);
    await server?.stop();
  });

  it('offline phone exports a result file → operator uploads it elsewhere → stored and graded → the phone syncs later: no duplicates, grade shown', async () => {
    const { page, context } = phone;
    await signIn(page, server.url, 'siti');
    await waitForServiceWorker(page);
    await createPin(page, '2468');
    // The sync after sign-in registers the phone's key: only then can it sign a file.
    await expect
      .poll(
        async () => (await readIndexedDB<{ registeredAt?: number }>(page, 'lentera', 'deviceKeys'))[0]?.registeredAt,
      )
      .toBeGreaterThan(0);

    await page.goto(`${server.url}/katalog`);
    const item = page.locator(`li[data-course="${COURSE}"]`);
    await item.getByRole('button', { name: 'Unduh' }).click();
    await expect.poll(() => item.textContent(), { timeout: 90_000 }).toContain('Terpasang');

    // No signal from here on: a pre-test, then "Kirim lewat file".
    await goOffline(context);
    await page.goto(server.url);
    await openFromOutline(page, 'Pengelolaan Keuangan Desa', 'Pre-test');
    await page.getByRole('button', { name: 'Mulai' }).click();
    const total = Number(/dari (\d+)/.exec((await questionPosition(page).textContent()) ?? '')?.[1]);
    for (let i = 1; i <= total; i++) {
      await expect.poll(() => questionPosition(page).textContent()).toBe(`Soal ${i} dari ${total}`);
      await answerCurrent(page);
    }
    await page.getByRole('button', { name: 'Selesai' }).click();
    await page.getByRole('button', { name: 'Ya, akhiri ujian' }).click();
    await expect.poll(() => page.getByTestId('result-status').textContent()).toContain('Menunggu penilaian');
    const resultUrl = page.url();

    await page.goto(server.url);
    const pending = (await readIndexedDB<OutboxRow>(page, 'lentera', 'outbox')).filter((r) => r.state === 'pending');
    expect(pending.length).toBe(total + 1);
    await page.getByTestId('result-file').locator('summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('result-file-send').click()]);
    expect(download.suggestedFilename()).toMatch(/^lentera-hasil-siti-\d{8}-\d{4}\.lentera$/);
    const bytes = await readFile((await download.path())!);
    await expect
      .poll(() => page.getByTestId('result-file-carried').textContent())
      .toBe(`${total + 1} catatan dibawa lewat file, menunggu konfirmasi server.`);

    // At the kecamatan office, another browser: the operator uploads the file.
    await signIn(office.page, server.url, 'operator');
    await office.page.waitForURL(`${server.url}/`);
    await office.page.goto(`${server.url}/operator`);
    await office.page.setInputFiles('#result-files', {
      name: download.suggestedFilename(),
      mimeType: 'application/octet-stream',
      buffer: bytes,
    });
    await office.page.getByRole('button', { name: 'Unggah file' }).click();
    await expect
      .poll(() => office.page.getByTestId('result-upload-results').textContent())
      .toBe(`${download.suggestedFilename()}: ${total + 1} baru disimpan, 0 sudah ada, 0 ditolak.`);

    // Days later the phone gets a signal and syncs directly: everything comes back duplicate.
    await goOnline(context);
    await page.getByTestId('sync-now').click();
    await expect
      .poll(
        async () => (await readIndexedDB<OutboxRow>(page, 'lentera', 'outbox')).every((r) => r.state === 'synced'),
        {
          timeout: 60_000,
        },
      )
      .toBe(true);
    expect(await readIndexedDB(page, 'lentera', 'carriedItems')).toEqual([]);
    await expect.poll(() => page.getByTestId('result-file-carried').count()).toBe(0);
    const attemptOf = async () =>
      (await readIndexedDB<AttemptRow>(page, 'lentera', 'attempts')).find((a) => a.quizId === 'pretest');
    await expect.poll(async () => (await attemptOf())?.gradeStatus, { timeout: 60_000 }).toBe('graded');
    await page.goto(resultUrl);
    await expect.poll(() => page.getByTestId('result-status').textContent()).not.toContain('Menunggu penilaian');

    // The server holds every item exactly once.
    await server.stop();
    const store = await openStore({ dataDir: server.dataDir });
    try {
      const stored = await store.query<{ id: string; n: number }>(
        `SELECT id::text AS id, count(*)::int AS n FROM sync_items
          WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb)) GROUP BY id`,
        [JSON.stringify(pending.map((r) => r.id))],
      );
      expect(stored.rows.length).toBe(pending.length);
      expect(stored.rows.every((r) => r.n === 1)).toBe(true);
      const uploads = await store.query(`SELECT 1 FROM audit_log WHERE action = 'bundle.upload'`);
      expect(uploads.rows).toHaveLength(1);
    } finally {
      await store.close();
      await server.restart();
    }
  });
});
