import { describe, expect, it } from 'vitest';
import { createPin } from './fixtures/learner-profile';
import { chromiumAvailable, readIndexedDB, signInWithPassword, useServerAndBrowser } from './harness';

// Enrolment: an operator enrols one learner and gets a one-time code (text + QR); the
// learner's phone opens the QR link, signs in once with the code, and the code cannot be used again.

describe.skipIf(!chromiumAvailable())('enrolment with a one-time code', () => {
  const session = useServerAndBrowser();

  it('operator enrols a learner → code and QR → the phone signs in with the QR link once', async () => {
    const { page } = session.browser;
    await signInWithPassword(page, session.server.url, 'operator');

    await page.goto(`${session.server.url}/operator/daftar`);
    await page.fill('#enrol-name', 'Wulan Sari');
    await page.fill('#enrol-username', 'wulan.sari');
    // The desa is picked by name from the kecamatan's villages, not typed as a code.
    await page.fill('#enrol-desa-q', 'ponco');
    await page.selectOption('#enrol-desa-list', '34.02.01.2001');
    await page.click('button[type="submit"]');
    const card = page.getByTestId('enrol-code');
    await card.waitFor();
    const code = (await card.locator('.enrolment-card__code').textContent())!;
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(await card.locator('svg.qr path').count()).toBe(1);

    // The QR code encodes this link; the phone's camera opens it.
    await page.goto(`${session.server.url}/masuk?kode=${code}`);
    expect(await page.inputValue('#code')).toBe(code);
    await page.click('button[type="submit"]');
    await createPin(page, '1357');
    const profiles = await readIndexedDB<{ username: string; token: string }>(page, 'lentera', 'profiles');
    expect(profiles.find((p) => p.username === 'wulan.sari')?.token).toMatch(/^[\w-]{40,}$/);

    // A second phone trying the same code is told, in plain words, to ask for a new one.
    await page.goto(`${session.server.url}/masuk?kode=${code}`);
    await page.click('button[type="submit"]');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('sudah pernah dipakai');
  });
});
