import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en, id } from '../../src/app/i18n/messages';
import {
  chromiumAvailable,
  closeAllCdp,
  launchBrowser,
  startServer,
  type BrowserHandle,
  type ServerHandle,
} from './harness';
import { demoManifest } from './fixtures/demo-course';
import { prepareLearner, SITI } from './fixtures/learner-profile';
import { saveAnswer } from './fixtures/quiz-steps';
import { seriousAxeViolations, visibleInterfaceText } from './fixtures/screen-checks';

const course = `/kursus/${demoManifest.id}`;

/** Indonesian phrases of the catalogue that differ in English, split at `{placeholders}`. */
const indonesianPhrases = [
  ...new Set(
    (Object.keys(id) as (keyof typeof id)[])
      .filter((key) => id[key] !== en[key])
      .flatMap((key) => id[key].split(/\{\w+\}/))
      .map((part) => part.trim())
      .filter((part) => part.length >= 4 && /\p{L}{3}/u.test(part)),
  ),
];

/** Matches the phrase as whole words, so that "Versi" is not found inside "Version". */
function wholeWords(phrase: string): RegExp {
  return new RegExp(`(?<!\\p{L})${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`, 'u');
}

describe.skipIf(!chromiumAvailable())('learner screens: accessibility and English', () => {
  let server: ServerHandle;
  let browser: BrowserHandle;
  /** Each main screen with an element that shows it has finished loading. */
  const screens: { name: string; path: () => string; ready: string }[] = [];
  let resultPath = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const { page } = browser;
    await prepareLearner(page, server.url, SITI, '2468');
    // An ujian begun (finished in the first test, for the results screen) and an open latihan.
    await page.goto(`${server.url}${course}/kuis/post-test`);
    await page.getByRole('button', { name: 'Mulai' }).click();
    await page.getByLabel('Benar', { exact: true }).check();
    await saveAnswer(page);
    await page.getByTestId('question-position').filter({ hasText: 'Soal 2 dari 3' }).waitFor();
    await page.goto(`${server.url}${course}/kuis/latihan-apbdes`);
    await page.getByRole('button', { name: 'Mulai' }).click();
    await page.getByTestId('question-position').waitFor();
    screens.push(
      { name: 'home', path: () => '/', ready: '#home-title' },
      { name: 'outline', path: () => course, ready: '#outline-title' },
      { name: 'lesson', path: () => `${course}/materi/apa-itu-apbdes`, ready: '.prose h2' },
      { name: 'quiz', path: () => `${course}/kuis/latihan-apbdes`, ready: '[data-testid="question-position"]' },
      { name: 'results', path: () => resultPath, ready: '[data-testid="result-status"]' },
      { name: 'history', path: () => '/riwayat', ready: '.history__item' },
      { name: 'settings', path: () => '/pengaturan', ready: '[data-testid="storage-info"]' },
    );
  });
  afterAll(async () => {
    closeAllCdp();
    await browser?.close();
    await server?.stop();
  });

  it('finishes an ujian to have a results screen', async () => {
    const { page } = browser;
    await page.goto(`${server.url}${course}/kuis/post-test`);
    await page.getByTestId('question-position').filter({ hasText: 'Soal 2 dari 3' }).waitFor();
    await page.getByLabel('Siskeudes').check();
    await saveAnswer(page);
    await page.getByLabel(/Jawaban Anda/).fill('6');
    await saveAnswer(page);
    await page.getByRole('button', { name: 'Selesai' }).click();
    // An ujian asks before it ends.
    await page.getByRole('button', { name: 'Ya, akhiri ujian' }).click();
    await page.getByTestId('result-status').waitFor();
    resultPath = new URL(page.url()).pathname;
    expect(resultPath).toMatch(/^\/hasil\/[0-9a-f-]{36}$/);
  });

  it('axe-core finds no serious or critical violation on any main screen', async () => {
    const { page } = browser;
    const found: Record<string, unknown> = {};
    for (const screen of screens) {
      await page.goto(`${server.url}${screen.path()}`);
      await page.locator(screen.ready).first().waitFor();
      const problems = await seriousAxeViolations(page);
      if (problems.length) found[screen.name] = problems;
    }
    // The shared phone's profile picker and PIN form.
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Ganti pengguna' }).click();
    await page.locator('.profile-list__item').first().waitFor();
    const picker = await seriousAxeViolations(page);
    if (picker.length) found.picker = picker;
    await page.locator('.profile-list__item').first().click();
    await page.locator('#pin').waitFor();
    const pin = await seriousAxeViolations(page);
    if (pin.length) found.pin = pin;
    await page.locator('#pin').fill('2468');
    await page.locator('form button[type="submit"]').click();
    await page.locator('#home-title').waitFor();
    expect(found).toEqual({});
  });

  it('in English, no Indonesian interface text is left on any main screen', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/pengaturan`);
    await page.getByLabel('English').check();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
    const leftovers: Record<string, string[]> = {};
    for (const screen of screens) {
      await page.goto(`${server.url}${screen.path()}`);
      await page.locator(screen.ready).first().waitFor();
      const text = await visibleInterfaceText(page);
      const found = indonesianPhrases.filter((phrase) => wholeWords(phrase).test(text));
      if (found.length) leftovers[screen.name] = found;
      expect(text.length, screen.name).toBeGreaterThan(50);
    }
    expect(leftovers).toEqual({});
    // The English texts really are on screen, and the course itself stays in Bahasa Indonesia.
    await page.goto(`${server.url}${course}`);
    await expect.poll(() => page.locator('#outline-title').textContent()).toBe(demoManifest.title);
    expect(await visibleInterfaceText(page)).toContain(en['nav.backHome']);
  });
});
