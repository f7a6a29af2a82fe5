import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishPackage } from '../../src/cli/course/publish-package';
import { generatePublisherKey } from '../../src/cli/course/publisher-key';
import { demoPackage } from '../server/course-fixture';
import { atFileEnd, removeDir } from '../server/harness/remove-at-file-end';
import { loginOnServer, putSignedInSession } from './fixtures/learner-profile';
import { openFromOutline, questionPosition, saveAnswer } from './fixtures/quiz-steps';
import { seriousAxeViolations } from './fixtures/screen-checks';
import {
  chromiumAvailable,
  chromiumPath,
  closeAllCdp,
  goOffline,
  goOnline,
  launchBrowser,
  readIndexedDB,
  readQrCode,
  startServer,
  waitForServiceWorker,
  type BrowserHandle,
  type ServerHandle,
} from './harness';

// Issue 13, "Done when" 1 (docs/certificates.md): a learner passes the post-test offline, syncs, and
// the certificate appears on the phone; its printed page shows the QR; a second phone, offline,
// scans that QR through a fake camera fed from the screenshot and shows it valid; a tampered code
// shows invalid; the PDF downloads and holds the learner's name. Needs ffmpeg and pdftotext.

const COURSE = 'uji-sertifikat';
const TITLE = 'Kursus Uji Sertifikat';
const LEARNER = 'Siti Rahayu'; // the demo account siti

interface CertificateRow {
  id: string;
  learnerId: string;
  code: string;
  revokedAt: string | null;
}

/** A post-test of two true/false statements, both true: answering "Benar" twice passes (pass mark 70). */
const POSTTEST = `// id: uji-post-1
::Satu::RPJM Desa berlaku enam tahun. {T}

// id: uji-post-2
::Dua::RKP Desa disusun setiap tahun. {T}
`;

/** The demo course "perencanaan" as its own course, without its video, with the short post-test. */
async function publishCertificateCourse(server: string) {
  const key = await generatePublisherKey();
  const token = (await loginOnServer(server, 'pelatih')).token;
  const pkg = await demoPackage(key, {
    edit: async (dir) => {
      const yamlPath = join(dir, 'course.yaml');
      const yaml = (await readFile(yamlPath, 'utf8'))
        .replace(/^id: .*$/m, `id: ${COURSE}`)
        .replace(/^title: .*$/m, `title: ${TITLE}`)
        .replace('      - file: lessons/00-video-perencanaan-desa.md\n', '');
      await writeFile(yamlPath, yaml);
      await writeFile(join(dir, 'quizzes/posttest.gift'), POSTTEST);
    },
  });
  await publishPackage(pkg, { server, token });
}

/**
 * A phone whose camera films `videoFile` (Chromium's fake capture device), camera allowed. Its
 * own launch: the fake-device flags are per browser process. Closed and its profile removed when
 * the test file ends.
 */
async function launchCameraPhone(videoFile: string): Promise<{ context: BrowserContext; page: Page; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'lentera-e2e-camera-'));
  const launched: BrowserContext[] = [];
  atFileEnd(async () => {
    // Closed already unless the test failed; close() resolves once the browser process has exited.
    for (const context of launched) await context.close().catch(() => undefined);
    await removeDir(dir);
  });
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${videoFile}`,
    ],
    viewport: { width: 400, height: 800 },
    locale: 'id-ID',
    permissions: ['camera'],
  });
  launched.push(context);
  return { context, page: context.pages()[0] ?? (await context.newPage()), dir };
}

describe.skipIf(!chromiumAvailable())('certificates in Chromium', () => {
  let server: ServerHandle;
  let phone: BrowserHandle;
  let camera: Awaited<ReturnType<typeof launchCameraPhone>> | undefined;
  const work = mkdtempSync(join(tmpdir(), 'lentera-e2e-certificate-'));
  atFileEnd(() => removeDir(work));

  beforeAll(async () => {
    server = await startServer();
    await publishCertificateCourse(server.url);
    phone = await launchBrowser();
    await phone.page.goto(server.url);
    await waitForServiceWorker(phone.page);
    await putSignedInSession(phone.page, await loginOnServer(server.url, 'siti'));
  });
  afterAll(async () => {
    closeAllCdp();
    await camera?.context.close();
    await phone?.close();
    await server?.stop();
  });

  it('post-test passed offline → synced → certificate on the phone, printed with its QR, verified offline by another phone’s camera, tampering caught, PDF with the name', async () => {
    const { page, context } = phone;
    await page.goto(`${server.url}/katalog`);
    const item = page.locator(`li[data-course="${COURSE}"]`);
    await item.getByRole('button', { name: 'Unduh' }).click();
    await expect.poll(() => item.textContent(), { timeout: 90_000 }).toContain('Terpasang');

    // The post-test, offline.
    await goOffline(context);
    await page.goto(server.url);
    await openFromOutline(page, TITLE, 'Post-test');
    await page.getByRole('button', { name: 'Mulai' }).click();
    for (let i = 1; i <= 2; i++) {
      await expect.poll(() => questionPosition(page).textContent()).toBe(`Soal ${i} dari 2`);
      await page.getByLabel('Benar', { exact: true }).check();
      await saveAnswer(page);
    }
    await page.getByRole('button', { name: 'Selesai' }).click();
    await page.getByRole('button', { name: 'Ya, akhiri ujian' }).click();
    await expect.poll(() => page.getByTestId('result-status').textContent()).toContain('Menunggu penilaian');
    expect(await readIndexedDB<CertificateRow>(page, 'lentera', 'certificates')).toEqual([]);

    // The signal returns: the push grades it, the pull brings the certificate and the issuer key.
    await goOnline(context);
    await expect
      .poll(async () => (await readIndexedDB<CertificateRow>(page, 'lentera', 'certificates')).length, {
        timeout: 60_000,
      })
      .toBe(1);
    const [certificate] = await readIndexedDB<CertificateRow>(page, 'lentera', 'certificates');
    expect(certificate!.revokedAt).toBeNull();
    expect((await readIndexedDB<{ kid: string }>(page, 'lentera', 'issuerKeys')).length).toBe(1);

    // "Sertifikat saya" lists it; its page names the learner.
    await page.goto(`${server.url}/sertifikat`);
    await page.locator('.certificate-list__item', { hasText: TITLE }).click();
    await expect.poll(() => page.getByTestId('certificate-name').textContent()).toBe(LEARNER);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Printed: the QR is on the page and reads back as the signed code.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Unduh PDF' }).isVisible()).toBe(false);
    expect(await readQrCode(page.getByTestId('certificate'))).toBe(certificate!.code);
    const printedQr = join(work, 'printed-qr.png');
    writeFileSync(printedQr, await page.getByTestId('qr').screenshot({ type: 'png' }));
    // What "Cetak" prints: exactly one A4 page, with the learner's name on it.
    const printedPdf = join(work, 'printed.pdf');
    writeFileSync(printedPdf, await page.pdf({ preferCSSPageSize: true }));
    const info = execFileSync('pdfinfo', [printedPdf], { encoding: 'utf8' });
    expect(info).toMatch(/^Pages:\s+1$/m);
    expect(info).toMatch(/^Page size:.*\(A4\)$/m);
    expect(execFileSync('pdftotext', [printedPdf, '-'], { encoding: 'utf8' })).toContain(LEARNER);
    await page.emulateMedia({ media: 'screen' });

    // The printed QR in front of another phone's camera: a 640×480 video of the screenshot.
    const video = join(work, 'camera.y4m');
    execFileSync('ffmpeg', [
      ...['-loglevel', 'error', '-y', '-loop', '1', '-i', printedQr, '-frames:v', '10', '-r', '10'],
      ...['-vf', 'scale=420:420:flags=neighbor,pad=640:480:(ow-iw)/2:(oh-ih)/2:white', '-pix_fmt', 'yuv420p'],
      video,
    ]);
    camera = await launchCameraPhone(video);
    const checker = camera.page;
    // Opened once with a signal (as every phone with Lentera was): the app is cached, the issuer key pinned.
    await checker.goto(`${server.url}/periksa`);
    await waitForServiceWorker(checker);
    await expect
      .poll(async () => (await readIndexedDB<{ kid: string }>(checker, 'lentera', 'issuerKeys')).length)
      .toBe(1);
    // …and, on a phone without BarcodeDetector (headless Chromium here), the QR decoder fetched for later.
    await expect
      .poll(() =>
        checker.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/assets/jsQR-'))),
      )
      .toBe(true);
    await goOffline(camera.context);
    await checker.reload();
    await checker.getByRole('button', { name: 'Pindai dengan kamera' }).click();
    await expect
      .poll(() => checker.getByTestId('verify-result').textContent(), { timeout: 30_000 })
      .toContain('Sah, diterbitkan');
    expect(await checker.getByTestId('verify-result').textContent()).toContain('periksa daring untuk pencabutan');
    expect(await checker.getByTestId('verify-name').textContent()).toBe(LEARNER);
    expect(await checker.locator('#verify-code').inputValue()).toBe(certificate!.code);
    expect(await seriousAxeViolations(checker)).toEqual([]);

    // The same code with one name changed: not valid, and why.
    await checker.locator('#verify-code').fill(certificate!.code.replace(LEARNER, 'Siti Rahayu Ningsih'));
    await checker.getByRole('button', { name: 'Periksa', exact: true }).click();
    await expect.poll(() => checker.getByTestId('verify-result').textContent()).toContain('Sertifikat tidak sah');
    expect(await checker.getByTestId('verify-result').textContent()).toContain('Isinya telah diubah');

    // "Unduh PDF": a real PDF whose text holds the learner's name.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`sertifikat-${certificate!.id}.pdf`);
    const pdf = join(work, 'sertifikat.pdf');
    await download.saveAs(pdf);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain(LEARNER);
    expect(text).toContain(certificate!.id);
  });
});
