import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/server/store/open-store';
import {
  downloadPretestCourse,
  finishPretest,
  outboxOf,
  pretestAttempt,
  signInWithPin,
  storedCopies,
  waitForDeviceKey,
} from './fixtures/pretest-journey';
import {
  chromiumAvailable,
  closeAllCdp,
  goOffline,
  goOnline,
  launchBrowser,
  readIndexedDB,
  signInWithPassword,
  startServer,
  type BrowserHandle,
  type ServerHandle,
} from './harness';

// "Kirim lewat file" end to end (docs/result-files.md): a phone with no signal writes its pending
// work into a signed result file (a download in headless Chromium, which cannot share files), an
// operator uploads the file in another browser, the server stores and grades it, and when the phone
// later gets a signal and syncs directly nothing is stored twice and the phone shows the grade.

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
    await signInWithPin(page, server.url, 'siti');
    // The sync after sign-in registers the phone's key: only then can it sign a file.
    await waitForDeviceKey(page);
    await downloadPretestCourse(page, server.url);

    // No signal from here on: a pre-test, then "Kirim lewat file".
    await goOffline(context);
    const { total, resultUrl } = await finishPretest(page, server.url);

    await page.goto(server.url);
    const pending = (await outboxOf(page)).filter((r) => r.state === 'pending');
    expect(pending.length).toBe(total + 1);
    await page.getByTestId('result-file').locator('summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('result-file-send').click()]);
    expect(download.suggestedFilename()).toMatch(/^lentera-hasil-siti-\d{8}-\d{4}\.lentera$/);
    const bytes = await readFile((await download.path())!);
    await expect
      .poll(() => page.getByTestId('result-file-carried').textContent())
      .toBe(`${total + 1} catatan dibawa lewat file, menunggu konfirmasi server.`);

    // At the kecamatan office, another browser: the operator uploads the file.
    await signInWithPassword(office.page, server.url, 'operator');
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
      .poll(async () => (await outboxOf(page)).every((r) => r.state === 'synced'), { timeout: 60_000 })
      .toBe(true);
    expect(await readIndexedDB(page, 'lentera', 'carriedItems')).toEqual([]);
    await expect.poll(() => page.getByTestId('result-file-carried').count()).toBe(0);
    await expect.poll(async () => (await pretestAttempt(page))?.gradeStatus, { timeout: 60_000 }).toBe('graded');
    await page.goto(resultUrl);
    await expect.poll(() => page.getByTestId('result-status').textContent()).not.toContain('Menunggu penilaian');

    // The server holds every item exactly once.
    await server.stop();
    const store = await openStore({ dataDir: server.dataDir });
    try {
      const stored = await storedCopies(
        store,
        pending.map((r) => r.id),
      );
      expect(stored.length).toBe(pending.length);
      expect(stored.every((r) => r.n === 1)).toBe(true);
      const uploads = await store.query(`SELECT 1 FROM audit_log WHERE action = 'bundle.upload'`);
      expect(uploads.rows).toHaveLength(1);
    } finally {
      await store.close();
      await server.restart();
    }
  });
});
