import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, signInWithPassword, useServerAndBrowser, waitForServiceWorker } from './harness';
import { writeChartData } from './fixtures/chart-data';
import { holdDraftsUntilTyping } from './fixtures/late-draft-restore';
import { seriousAxeViolations } from './fixtures/screen-checks';
import { E2E_ADMIN_PASSWORD } from '../server/harness/pglite-template';

// The people who run Lentera, in the browser: an admin creates a monitor through the region
// picker, the monitor sees only their kabupaten and the audit log shows the creation; an operator
// enrols a learner by picking the desa by name and watches the phone activate; the monitor's charts
// fit a phone and a projector. One server and one browser for the file.

const SHOTS = 'test-results/staff-screens';

describe.skipIf(!chromiumAvailable())('admin, operator and monitor screens in Chromium', () => {
  const session = useServerAndBrowser();
  let monitorPassword = '';

  const signIn = (page: Page, username: string, password: string) =>
    signInWithPassword(page, session.server.url, username, password);

  /** Types part of a name into a region picker and chooses the option whose label matches. */
  async function pickRegion(page: Page, id: string, typed: string, option: RegExp) {
    await page.fill(`#${id}-q`, typed);
    const match = page.locator(`#${id}-list option`, { hasText: option });
    await match.first().waitFor({ state: 'attached' });
    const value = (await match.first().getAttribute('value'))!;
    await page.selectOption(`#${id}-list`, value);
    return value;
  }

  const noHorizontalScroll = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  // Every screen below is checked at the launch viewport (400 px, a phone) for axe and sideways scrolling.
  it('an admin creates a monitor for a kabupaten through the region picker; the monitor sees only that kabupaten; the audit log shows it', async () => {
    const { page } = session.browser;
    await signIn(page, 'admin', E2E_ADMIN_PASSWORD);
    await page.goto(`${session.server.url}/admin`);
    await page.fill('#staff-name', 'Tim PMD Kulon Progo');
    await page.fill('#staff-username', 'pmd.kulonprogo');
    await page.selectOption('#staff-role', 'monitor');
    // By name, not by code: "kulon" finds Kabupaten Kulon Progo (34.01).
    expect(await pickRegion(page, 'staff-region', 'kulon', /KULON PROGO.*34\.01$/)).toBe('34.01');
    await expect.poll(() => page.getByTestId('staff-region-chosen').textContent()).toContain('(34.01)');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.getByRole('button', { name: 'Buat akun' }).click();
    const shown = page.getByTestId('password-value');
    await shown.waitFor();
    monitorPassword = (await shown.textContent())!.trim();
    expect(monitorPassword).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{2}$/);
    const row = page.locator('[data-testid="staff-table"] tr[data-username="pmd.kulonprogo"]');
    await expect.poll(() => row.textContent()).toContain('KABUPATEN KULON PROGO (34.01)');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await noHorizontalScroll(page)).toBe(true);

    // The admin's audit log names the creation, who did it and the region.
    await page.goto(`${session.server.url}/audit`);
    const created = page.locator('[data-testid="audit-table"] tr[data-action="staff.create"]').first();
    await expect.poll(() => created.textContent()).toContain('pmd.kulonprogo');
    expect(await created.textContent()).toContain('Membuat akun staf');
    expect(await created.textContent()).toContain('34.01');
    // Narrowed to a region picked by name: Kulon Progo's entries only.
    await page.getByText('Saring menurut wilayah').click();
    await pickRegion(page, 'audit-region', 'kulon', /KULON PROGO.*34\.01$/);
    await page.waitForURL(`${session.server.url}/audit?wilayah=34.01`);
    await expect.poll(() => page.locator('[data-testid="audit-table"] tbody tr').count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await noHorizontalScroll(page)).toBe(true);

    // The new monitor signs in with the one-time password and lands on their own kabupaten.
    await signIn(page, 'pmd.kulonprogo', monitorPassword);
    await page.goto(`${session.server.url}/pantau`);
    await page.waitForURL(`${session.server.url}/pantau/34.01`);
    await expect.poll(() => page.locator('h1').first().textContent()).toContain('KULON PROGO');
    // Bantul is not theirs: the report and the audit log are refused in plain words. (A deep link
    // ending in ".02" gets the app shell from the service worker, not from the server.)
    await waitForServiceWorker(page);
    await page.goto(`${session.server.url}/pantau/34.02`);
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('Wilayah ini di luar wilayah akun Anda.');
    await page.goto(`${session.server.url}/audit?wilayah=34.02`);
    await expect
      .poll(() => page.getByTestId('audit-error').textContent())
      .toBe('Log audit wilayah ini di luar wilayah Anda. Anda hanya dapat membaca log wilayah Anda sendiri.');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await noHorizontalScroll(page)).toBe(true);
    // Their own log holds their own creation (in 34.01), not Bantul's enrolments.
    await page.goto(`${session.server.url}/audit`);
    const own = page.locator('[data-testid="audit-table"] tbody tr');
    await expect.poll(() => own.first().textContent()).toContain('pmd.kulonprogo');
    expect(await page.getByTestId('audit-table').textContent()).not.toContain('34.02');
  });

  it('an operator enrols a learner by picking the desa by name; the learners list shows the phone activated once it redeemed its code', async () => {
    const { page } = session.browser;
    await signIn(page, 'operator', 'lentera-demo');
    await page.goto(`${session.server.url}/operator/daftar`);
    await page.fill('#enrol-name', 'Ratna Dewi');
    await page.fill('#enrol-username', 'ratna.dewi');
    // Srandakan's villages are listed; typing "trim" leaves Trimurti.
    expect(await pickRegion(page, 'enrol-desa', 'trim', /Trimurti/)).toBe('34.02.01.2002');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.click('button[type="submit"]');
    const card = page.getByTestId('enrol-code');
    await card.waitFor();
    const code = (await card.locator('.enrolment-card__code').textContent())!;

    await page.goto(`${session.server.url}/operator/peserta`);
    const row = page.locator('[data-testid="learner-row"][data-username="ratna.dewi"]');
    await expect.poll(() => row.textContent()).toContain('Trimurti');
    expect(await row.getByTestId('activation').textContent()).toBe('Belum aktif');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await noHorizontalScroll(page)).toBe(true);

    // The learner's phone redeems the code (what /masuk?kode=… sends).
    const enrolled = await fetch(`${session.server.url}/api/auth/enrol`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, deviceId: randomUUID() }),
    });
    expect(enrolled.status).toBe(200);
    await page.getByRole('button', { name: 'Muat ulang' }).click();
    await expect.poll(() => row.getByTestId('activation').textContent()).toMatch(/^Aktif sejak /);

    // Re-issuing a code prints a sheet with one large QR.
    await row.getByRole('button', { name: 'Kode baru dan lembar' }).click();
    const sheet = page.getByTestId('enrolment-sheet');
    await sheet.waitFor();
    expect(await sheet.locator('svg.qr--large').count()).toBe(1);
    // The learner's devices: the phone that redeemed the code, with revoke.
    await row.getByRole('button', { name: 'Perangkat' }).click();
    await expect.poll(() => page.getByTestId('learner-devices').textContent()).toContain('Perangkat');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await noHorizontalScroll(page)).toBe(true);

    await page.goto(`${session.server.url}/operator/sinkron`);
    await expect
      .poll(() => page.getByTestId('synced-summary').textContent())
      .toMatch(/ponsel di Srandakan sinkron hari ini/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await noHorizontalScroll(page)).toBe(true);
  });

  it('the monitor’s charts render with their labels at 393 px and 1280 px with no horizontal page scroll', async () => {
    const { page } = session.browser;
    mkdirSync(SHOTS, { recursive: true });
    // Results from earlier weeks, written while the server is stopped (same folder, same port).
    await session.server.stop();
    const { courseTitle } = await writeChartData(session.server.dataDir, 'ratna.dewi');
    await session.server.restart();
    await signIn(page, 'monitor', 'lentera-demo');
    for (const width of [393, 1280]) {
      await page.setViewportSize({ width, height: width === 393 ? 852 : 800 });
      // Through /pantau, which opens the monitor's own kabupaten.
      await page.goto(`${session.server.url}/pantau`);
      await page.waitForURL(`${session.server.url}/pantau/34.02`);
      const charts = page.getByTestId('region-charts');
      await charts.waitFor();
      for (const title of [
        'Pre-test dan post-test per wilayah',
        'Peserta aktif per minggu',
        'Penyelesaian per kursus',
        'Sertifikat diterbitkan per kursus',
      ]) {
        expect(await charts.getByRole('heading', { name: title }).isVisible()).toBe(true);
        // Each chart is an image named by its visible heading.
        expect(await charts.getByRole('img', { name: title }).isVisible()).toBe(true);
      }
      // Srandakan's two pairs (siti 40 → 85, budi 60 → 70); ratna's lone pre-test is in neither bar.
      const srandakan = page.getByTestId('chart-scores-row').filter({ hasText: 'Srandakan' });
      expect(await srandakan.textContent()).toContain('2 pasangan');
      expect(await srandakan.locator('.chart__value').allTextContents()).toEqual(['50', '77,5']);
      const scores = await page.getByTestId('chart-scores').textContent();
      expect(scores).toContain('KABUPATEN BANTUL');
      // Kecamatan with no pair yet are named under the chart, not drawn empty.
      expect(await page.getByTestId('chart-scores-unpaired').textContent()).toContain('Sanden');
      // Active per week by receive time: siti 20 and 2 days ago, budi 9, ratna 1.
      const weekly = await page.getByTestId('chart-weekly-column').locator('.chart__value').allTextContents();
      expect(weekly.reduce((n, v) => n + Number(v), 0)).toBeGreaterThanOrEqual(3);
      const completion = page.getByTestId('chart-completion');
      expect(await completion.textContent()).toContain(courseTitle);
      expect(await completion.textContent()).toContain('1 dari 2 (50%)');
      expect(await page.getByTestId('chart-certificates').textContent()).toContain('1 sertifikat');
      expect(scores).toContain('Skor rata-rata (0–100)');
      expect(scores).toContain('Pre-test (pertama)');
      expect(await page.getByTestId('chart-weekly').textContent()).toContain('Peserta (orang)');
      expect(await page.getByTestId('chart-weekly-column').count()).toBe(12);
      expect(await page.getByTestId('chart-completion').textContent()).toContain(
        'Persen peserta yang menyelesaikan (%)',
      );
      expect(await page.getByTestId('chart-certificates').textContent()).toContain('Jumlah sertifikat (lembar)');
      expect(await noHorizontalScroll(page)).toBe(true);
      await page.screenshot({ path: `${SHOTS}/report-${width}.png`, fullPage: true });
      const figures = charts.locator('figure');
      for (let i = 0; i < (await figures.count()); i++) {
        await figures.nth(i).screenshot({ path: `${SHOTS}/chart-${i + 1}-${width}.png` });
      }
      expect(await seriousAxeViolations(page)).toEqual([]);
    }
    // On paper (A4) the report keeps its figures and charts and drops the search and staff links.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.region-search').isVisible()).toBe(false);
    expect(await page.getByTestId('region-charts').isVisible()).toBe(true);
    const pdf = await page.pdf({
      path: `${SHOTS}/report-34.02-a4.pdf`,
      preferCSSPageSize: true,
      printBackground: true,
    });
    // 210 × 297 mm is 595 × 842 points.
    expect(pdf.toString('latin1')).toMatch(/MediaBox \[0 0 59[45]\.?\d* 84[12]\.?\d*\]/);
    await page.emulateMedia({ media: 'screen' });
  });

  it('the sign-in form sends the name typed, also when the last name is restored while it is being typed', async () => {
    // Each sign-in below finds the one before it as the draft; its restore is held until the field
    // has focus. Before the field waited for the restore, this sent "monitoradmin" and the like.
    const page = await session.browser.context.newPage();
    await page.addInitScript(holdDraftsUntilTyping);
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/auth/login')) sent.push((r.postDataJSON() as { username: string }).username);
    });
    try {
      for (const [username, password] of [
        ['admin', E2E_ADMIN_PASSWORD],
        ['operator', 'lentera-demo'],
        ['monitor', 'lentera-demo'],
      ] as const) {
        await signIn(page, username, password);
      }
      expect(sent).toEqual(['admin', 'operator', 'monitor']);
    } finally {
      await page.close();
    }
  });
});
