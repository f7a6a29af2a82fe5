import { describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser, readIndexedDB, useServerAndBrowser } from './harness';
import { demoManifest } from './fixtures/demo-course';
import { addSignedInProfile, BUDI, createPin, prepareLearner, SITI, unlockProfile } from './fixtures/learner-profile';
import { installCourse } from './fixtures/install-course';
import { openFromOutline, saveAnswer } from './fixtures/quiz-steps';

describe.skipIf(!chromiumAvailable())('two officials sharing one phone', () => {
  const session = useServerAndBrowser();

  it('each sees only their own progress and attempts, and a wrong PIN is refused', async () => {
    const { page } = session.browser;
    const card = page.locator('.course-card', { hasText: demoManifest.title });
    const pending = page.getByTestId('pending-count');

    // Siti studies: one lesson read, one answer given.
    await prepareLearner(page, session.server.url, SITI, '2468');
    await openFromOutline(page, demoManifest.title, 'Apa itu APBDes');
    await page.getByRole('button', { name: 'Tandai sudah dibaca' }).click();
    await page.getByRole('status').filter({ hasText: 'Sudah dibaca' }).waitFor();
    await page.goto(`${session.server.url}/kursus/${demoManifest.id}/kuis/latihan-apbdes`);
    await page.getByRole('button', { name: 'Mulai' }).click();
    await page.getByLabel('Peraturan Desa').check();
    await saveAnswer(page);
    await page.getByTestId('feedback').waitFor();

    // Budi signs in on the same phone and creates his own PIN.
    await addSignedInProfile(page, BUDI);
    await page.goto(session.server.url);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Buat PIN untuk Budi Santoso');
    await createPin(page, '1357');
    await expect.poll(() => card.locator('.course-card__meta').textContent()).toBe('0 dari 2 materi sudah dibaca');
    expect(await pending.textContent()).toBe('Semua jawaban sudah terkirim.');
    await page.goto(`${session.server.url}/riwayat`);
    await expect.poll(() => page.locator('.empty').textContent()).toBe('Belum ada kuis yang dikerjakan.');
    await page.goto(`${session.server.url}/kursus/${demoManifest.id}`);
    await expect
      .poll(() => page.locator('.outline-list__item', { hasText: 'Apa itu APBDes' }).textContent())
      .toContain('Belum dibaca');
    expect(await page.locator('.quiz-link', { hasText: 'Latihan APBDes' }).textContent()).toContain('Belum dikerjakan');

    // Hand the phone back: Siti's PIN, first mistyped.
    await page.goto(session.server.url);
    await page.getByRole('button', { name: 'Ganti pengguna' }).click();
    expect(await page.locator('.profile-list__name').allTextContents()).toEqual(['Budi Santoso', 'Siti Aminah']);
    await unlockProfile(page, SITI.name, '0000');
    // A refused PIN is cleared from the field once the check is over.
    await expect.poll(() => page.locator('#pin').inputValue()).toBe('');
    expect(await page.getByRole('alert').textContent()).toBe('PIN salah. Coba lagi.');
    expect(await page.locator('#home-title').count()).toBe(0);
    await page.locator('#pin').fill('1357'); // Budi's PIN does not open Siti's profile either
    await page.locator('form button[type="submit"]').click();
    await expect.poll(() => page.locator('#pin').inputValue()).toBe('');
    expect(await page.locator('#home-title').count()).toBe(0);
    await page.locator('#pin').fill('2468');
    await page.locator('form button[type="submit"]').click();
    await expect.poll(() => card.locator('.course-card__meta').textContent()).toBe('1 dari 2 materi sudah dibaca');
    expect(await pending.textContent()).toBe('2 jawaban dan catatan belajar menunggu dikirim');
    expect(await page.locator('.lead').textContent()).toBe('Halo, Siti Aminah');

    // The PINs are on the phone only as salted PBKDF2 hashes.
    const profiles = await readIndexedDB<{ username: string; pin?: { iterations: number } }>(
      page,
      'lentera',
      'profiles',
    );
    expect(profiles.every((p) => (p.pin?.iterations ?? 0) >= 100_000)).toBe(true);
    // Not as a run of digits of its own: a timestamp such as signedInAt 1796222102468 holds "2468" too.
    expect(JSON.stringify(profiles)).not.toMatch(/(?<!\d)(2468|1357)(?!\d)/);
  });

  it('a real sign-in asks the official to create a PIN, and the back button walks the screens back', async () => {
    const fresh = await launchBrowser();
    try {
      const { page } = fresh;
      await page.goto(`${session.server.url}/masuk`);
      await page.getByLabel('Nama pengguna').fill('budi');
      await page.getByLabel('Kata sandi').fill('lentera-demo');
      await page.locator('form button[type="submit"]').click();
      await expect.poll(() => page.locator('h1').textContent()).toMatch(/^Buat PIN untuk /);
      await page.locator('#new-pin').fill('1234');
      await page.locator('#repeat-pin').fill('4321');
      await page.locator('form button[type="submit"]').click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('Kedua PIN tidak sama.');
      await createPin(page, '1234');

      // Forgot the PIN: the password (with a signal) gets the official back in with a new one.
      await page.getByRole('button', { name: 'Ganti pengguna' }).click();
      await page.locator('.profile-list__item').first().click();
      await page.getByRole('link', { name: /^Lupa PIN\?/ }).click();
      await page.getByLabel('Nama pengguna').fill('budi');
      await page.getByLabel('Kata sandi').fill('lentera-demo');
      await page.locator('form button[type="submit"]').click();
      await expect.poll(() => page.locator('h1').textContent()).toMatch(/^Buat PIN untuk /);
      await createPin(page, '9876');

      await installCourse(page);
      await page.reload();
      await openFromOutline(page, demoManifest.title, 'Siskeudes');
      await page.locator('#lesson-title').waitFor();
      await page.goBack();
      await expect.poll(() => page.locator('h1').textContent()).toBe(demoManifest.title);
      await page.goBack();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Kursus saya');
    } finally {
      await fresh.close();
    }
  });
});
