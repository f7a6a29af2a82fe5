import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, signInWithPassword, useServerAndBrowser } from './harness';
import { seriousAxeViolations } from './fixtures/screen-checks';

// Monitoring end to end: an operator imports a CSV, a monitor opens the report for their
// kabupaten, drills down to a desa, sees the silent villages and downloads the CSV.
describe.skipIf(!chromiumAvailable())('monitoring in Chromium', () => {
  const session = useServerAndBrowser();

  const signIn = (page: Page, username: string) => signInWithPassword(page, session.server.url, username);

  it('an operator enrols learners from a CSV file and sees a result for every row', async () => {
    const { page } = session.browser;
    await signIn(page, 'operator');
    await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Pendaftaran' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Daftarkan peserta dari CSV');
    const csv = [
      'nama;username;kode_desa;jabatan;telepon',
      'Sri Wahyuni;sri.wahyuni;34.02.01.2001;Kaur Keuangan;081234567890',
      'Agus Prasetyo;agus.p;34.02.01.2002;Kasi Pemerintahan;',
      'Salah Kode;salah.kode;34.02.01.9999;Kaur Umum;',
    ].join('\r\n');
    await page.setInputFiles('#learner-csv', {
      name: 'peserta.csv',
      mimeType: 'text/csv',
      buffer: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]),
    });
    await page.click('button[type="submit"]');
    const summary = page.getByTestId('import-summary');
    await expect.poll(() => summary.textContent()).toBe('2 dibuat, 0 diperbarui, 0 tidak berubah, 1 ditolak.');
    expect(await page.locator('.import-row--rejected').textContent()).toContain('Kode desa tidak dikenal');

    // The printable list: a card with a one-time code and a QR code for each enrolled learner.
    await page.getByRole('button', { name: 'Buat kode pendaftaran (2 peserta)' }).click();
    const cards = page.getByTestId('enrolment-sheet').locator('.enrolment-card');
    await expect.poll(() => cards.count()).toBe(2);
    expect(await cards.first().textContent()).toContain('Sri Wahyuni');
    expect(await cards.first().locator('.enrolment-card__code').textContent()).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(await cards.first().locator('svg.qr path').getAttribute('d')).toMatch(/^M\d/);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('a monitor opens the kabupaten, drills down to a desa, sees silent villages and downloads the CSV', async () => {
    const { page } = session.browser;
    await signIn(page, 'monitor');
    const nav = page.getByRole('navigation', { name: 'Navigasi utama' });
    expect(await nav.getByRole('link', { name: 'Pendaftaran' }).count()).toBe(0); // monitors only read
    await nav.getByRole('link', { name: 'Pantau' }).click();
    await page.waitForURL(`${session.server.url}/pantau/34.02`);
    await expect.poll(() => page.locator('h1').textContent()).toContain('KABUPATEN BANTUL');
    // siti and budi (demo) plus the two just enrolled.
    await expect.poll(() => page.getByTestId('stat-learners').textContent()).toBe('4');
    // The report says how fresh its data is (from the primary here: the time of the request).
    expect(await page.getByTestId('data-as-of').textContent()).toMatch(
      /^Data per pukul \d{1,2} \S+ \d{4},? \d{2}\.\d{2}$/,
    );

    await page.getByTestId('report-table').getByRole('link', { name: 'Srandakan' }).click();
    await page.waitForURL(`${session.server.url}/pantau/34.02.01`);
    await page.getByTestId('report-table').getByRole('link', { name: 'Poncosari' }).click();
    await page.waitForURL(`${session.server.url}/pantau/34.02.01.2001`);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Poncosari');
    const learners = page.getByTestId('report-table');
    await expect.poll(() => learners.textContent()).toContain('Sri Wahyuni');
    expect(await learners.textContent()).toContain('Siti Rahayu');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.goto(`${session.server.url}/pantau/34.02`);
    const silent = page.getByTestId('silent-villages');
    await expect.poll(() => silent.textContent()).toContain('Poncosari');
    expect(await silent.textContent()).toContain('Trimurti');
    expect(await silent.textContent()).toContain('Belum pernah');
    expect(await seriousAxeViolations(page)).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^laporan-34\.02-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[1]).toMatch(/^"34\.02";"KABUPATEN BANTUL";"Kabupaten\/Kota";"4";/);
    expect(text).toContain('"34.02.01";"Srandakan"');

    // Search by name inside the monitor's kabupaten jumps straight to a desa.
    await page.fill('#region-search', 'trimurti');
    await page.getByTestId('region-search-results').getByRole('link', { name: 'Trimurti' }).click();
    await page.waitForURL(`${session.server.url}/pantau/34.02.01.2002`);
    await expect.poll(() => page.getByTestId('report-table').textContent()).toContain('Agus Prasetyo');
  });
});
