import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoManifest } from './fixtures/demo-course';
import { installCourse } from './fixtures/install-course';
import { createPin } from './fixtures/learner-profile';
import { saveAnswer } from './fixtures/quiz-steps';
import { seriousAxeViolations } from './fixtures/screen-checks';
import { chromiumAvailable, readIndexedDB, readQrCode, signInWithPassword, useServerAndBrowser } from './harness';
import { E2E_ADMIN_PASSWORD } from '../server/harness/pglite-template';

// A first-time user's phone: 393 × 851 CSS pixels. Every screen of every role must fit it, and
// what must be read off it (the enrolment QR) must be readable by a camera.
const PHONE = { width: 393, height: 851 };
const course = `/kursus/${demoManifest.id}`;

/** How far the page is wider than the screen, and the elements that stick out (not those inside a scroll box). */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const scrollsInside = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible' && p.scrollWidth > p.clientWidth) return true;
      }
      return false;
    };
    const culprits = Array.from(document.body.querySelectorAll('*'))
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !scrollsInside(el))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)}px)`);
    return { scrollWidth: root.scrollWidth, clientWidth: width, culprits };
  });
}

describe.skipIf(!chromiumAvailable())('on a 393 px phone screen', () => {
  const session = useServerAndBrowser();
  /** Screens wider than the phone: name → what stuck out. */
  const tooWide: Record<string, string[]> = {};
  const visited: string[] = [];

  async function check(name: string, ready: string) {
    const { page } = session.browser;
    await page.locator(ready).first().waitFor();
    const found = await overflow(page);
    visited.push(name);
    if (found.scrollWidth > found.clientWidth) tooWide[name] = [`${found.scrollWidth}px`, ...found.culprits];
  }
  async function visit(name: string, path: string, ready: string) {
    await session.browser.page.goto(`${session.server.url}${path}`);
    await check(name, ready);
  }
  // The refusals of a name typed right seen here in earlier rounds were the sign-in screen's
  // username restore landing in the middle of Playwright's fill (docs/testing.md): fixed in the
  // screen, and the harness helper names what the request carried if it ever comes back.
  const signIn = (username: string, password = 'lentera-demo') =>
    signInWithPassword(session.browser.page, session.server.url, username, password);

  beforeAll(async () => {
    await session.browser.page.setViewportSize(PHONE);
  });

  it('learner screens fit; the header names Lentera; Settings says the version once; bars are teal', async () => {
    const { page } = session.browser;
    await visit('sign-in', '/masuk', '#username');
    await visit('not-found', '/tidak-ada', 'h1');
    await signIn('siti');
    await createPin(page, '2468');
    await installCourse(page);
    await page.reload();
    await check('learner home', '#home-title');
    expect(await page.locator('.app-header__brand').textContent()).toBe('Lentera');
    expect(await page.locator('.app-header__brand span').isVisible()).toBe(true);
    expect(await page.locator('.app-header__brand span').boundingBox()).toMatchObject({ width: expect.any(Number) });
    expect((await page.locator('.app-header__brand span').boundingBox())!.width).toBeGreaterThan(40);

    await visit('catalog', '/katalog', '.catalog-item');
    await visit('storage', '/penyimpanan', '.storage-item');
    await visit('course outline', course, '#outline-title');
    await visit('lesson', `${course}/materi/apa-itu-apbdes`, '.prose h2');
    await visit('quiz intro', `${course}/kuis/pre-test`, 'button:has-text("Mulai")');
    await page.getByRole('button', { name: 'Mulai' }).click();
    await check('quiz question', '[data-testid="question-position"]');
    for (let n = 0; n < 2; n++) {
      await page.getByLabel('Benar', { exact: true }).check();
      await saveAnswer(page);
      await page.waitForTimeout(300);
    }
    await check('quiz summary', '#summary-title');
    await page.getByRole('button', { name: 'Selesai' }).click();
    const confirm = page.getByTestId('finish-confirm');
    if (await confirm.isVisible().catch(() => false)) await confirm.locator('.button--primary').click();
    await check('result', '[data-testid="result-status"]');
    await visit('history', '/riwayat', '.history__item');
    await visit('settings', '/pengaturan', '[data-testid="storage-info"]');

    // "Versi …" once on the settings screen (the footer), and the same size format as the storage screen.
    const text = (await page.locator('body').textContent())!;
    expect(text.match(/Versi \S+/g)).toHaveLength(1);
    expect(await page.getByTestId('storage-info').textContent()).toMatch(
      /\d+(,\d)? [KMGT]?B dipakai dari \d+(,\d)? [KMGT]?B/,
    );

    // Every progress bar takes the app's teal (#0f766e), the download bar included.
    await page.goto(`${session.server.url}/`);
    await page.locator('progress').first().waitFor();
    const colours = await page.evaluate(() => {
      const bar = document.createElement('progress');
      bar.className = 'download-progress';
      document.body.append(bar);
      const all = Array.from(document.querySelectorAll('progress'), (p) => getComputedStyle(p).accentColor);
      bar.remove();
      return all;
    });
    expect(new Set(colours)).toEqual(new Set(['rgb(15, 118, 110)']));
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('operator screens fit, and the bulk sheet QR is read back from the screen and from print, each ≥ 200 px', async () => {
    const { page } = session.browser;
    await signIn('operator');
    await check('operator home', 'main');
    await visit('operator import', '/operator', '#learner-csv');
    const csv = [
      'nama,username,kode_desa,jabatan,telepon,nip',
      'Sri Wahyuni Kusumaningrum,sri.wahyuni,34.02.01.2001,Kepala Urusan Keuangan Desa Poncosari,081234567890,',
      'Agus Prasetyo,agus.p,34.02.01.2002,Kasi Pemerintahan,,',
      // Every reason of this row is listed, in Bahasa Indonesia.
      'Tanpa Jabatan,tanpa.jabatan,34.02.01.2001,,12ab,123',
    ].join('\r\n');
    await page.setInputFiles('#learner-csv', { name: 'peserta.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('button[type="submit"]');
    await page.getByTestId('import-summary').waitFor();
    const rejected = page.locator('.import-row--rejected');
    expect(await rejected.locator('li').allTextContents()).toEqual([
      'Ada kolom wajib yang kosong: kolom jabatan',
      'Nomor telepon tidak sah: kolom telepon',
      'NIP harus 18 angka: kolom nip',
    ]);
    expect(await rejected.textContent()).not.toMatch(/Missing|must be/);
    await page.getByRole('button', { name: 'Buat kode pendaftaran (2 peserta)' }).click();
    const card = page.getByTestId('enrolment-sheet').locator('.enrolment-card').first();
    await card.waitFor();
    await check('operator import results and code sheet', '.enrolment-card');

    const code = (await card.locator('.enrolment-card__code').textContent())!;
    const link = `${session.server.url}/masuk?kode=${code}`;
    const qr = card.getByTestId('qr');
    await qr.scrollIntoViewIfNeeded();
    expect((await qr.boundingBox())!.width).toBeGreaterThanOrEqual(200);
    // The sheet holds a card per learner: the camera is pointed at one card.
    expect(await readQrCode(card)).toBe(link);
    await page.emulateMedia({ media: 'print' });
    try {
      await qr.scrollIntoViewIfNeeded();
      expect((await qr.boundingBox())!.width).toBeGreaterThanOrEqual(200);
      expect(await readQrCode(card)).toBe(link);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('the single-learner QR draws large on the phone, reads back from a screenshot, and its link enrols', async () => {
    const { page } = session.browser;
    await visit('enrol one learner', '/operator/daftar', '#enrol-name');
    await page.fill('#enrol-name', 'Wulan Sari');
    await page.fill('#enrol-username', 'wulan.sari');
    // The desa is picked by name from the kecamatan's villages, not typed as a code.
    await page.fill('#enrol-desa-q', 'ponco');
    await page.selectOption('#enrol-desa-list', '34.02.01.2001');
    await page.click('button[type="submit"]');
    await check('enrolment code', '[data-testid="enrol-code"]');
    const qr = page.getByTestId('enrol-code').getByTestId('qr');
    const box = (await qr.boundingBox())!;
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(Math.min(320, PHONE.width - 2 * 18 - 2 * 14));
    expect(box.width).toBeGreaterThanOrEqual(200);
    await page.evaluate(() => window.scrollTo(0, 0));
    const link = await readQrCode(page);
    const code = (await page.locator('.enrolment-card__code').textContent())!;
    expect(link).toBe(`${session.server.url}/masuk?kode=${code}`);

    // The phone's camera opens the link: the code is filled in, one tap signs the learner in.
    await page.goto(link!);
    expect(await page.inputValue('#code')).toBe(code);
    await page.click('button[type="submit"]');
    await createPin(page, '1357');
    const profiles = await readIndexedDB<{ username: string; token: string }>(page, 'lentera', 'profiles');
    expect(profiles.find((p) => p.username === 'wulan.sari')?.token).toMatch(/^[\w-]{40,}$/);
  });

  it('monitor screens fit; a desa lists its never-synced learners and has no "Peserta terdaftar" column per learner', async () => {
    const { page } = session.browser;
    await signIn('monitor');
    await visit('kabupaten report', '/pantau/34.02', '[data-testid="report-table"]');
    await page.locator('#silent-title ~ *').last().waitFor();
    await check('kabupaten report with silent villages', '#silent-title');
    await visit('kecamatan report', '/pantau/34.02.01', '[data-testid="report-table"]');
    // Poncosari is listed as silent, with how many of its learners are, however recent one sync is.
    const poncosari = page.getByTestId('silent-villages').locator('tr', { hasText: 'Poncosari' });
    await poncosari.waitFor();
    expect(await poncosari.textContent()).toMatch(/[23] dari 3/);
    await visit('desa report', '/pantau/34.02.01.2001', '[data-testid="report-table"]');

    const table = page.getByTestId('report-table');
    expect(await table.locator('thead th').allTextContents()).not.toContain('Peserta terdaftar');
    const silent = page.getByTestId('silent-learners');
    await silent.waitFor();
    // Sri and Wulan of Poncosari never synced (Siti's phone may have): the desa says so, one by one.
    expect(await page.getByTestId('silent-learners-count').textContent()).toMatch(/^[23] dari 3 peserta desa ini/);
    expect(await silent.textContent()).toContain('Sri Wahyuni');
    expect(await silent.textContent()).toContain('Wulan Sari');
    expect(await silent.textContent()).toContain('Belum pernah');
    expect(await page.locator('main').textContent()).not.toContain('Semua desa dengan peserta sudah sinkron');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('admin screens fit', async () => {
    await signIn('admin', E2E_ADMIN_PASSWORD);
    await visit('admin province list', '/pantau', '.monitoring__list a');
    await visit('province report', '/pantau/34', '[data-testid="report-table"]');
    await visit('admin import', '/operator', '#learner-csv');
    await visit('admin settings', '/pengaturan', '[data-testid="storage-info"]');
  });

  it('no screen of any role scrolls sideways at 393 px', () => {
    expect(tooWide).toEqual({});
    expect(visited.length).toBeGreaterThanOrEqual(25);
  });
});
