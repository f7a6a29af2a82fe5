import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { CertificateContent, CertificateProblem } from '../../shared/certificates/certificate-code';
import type { StoredCertificate } from './find-certificate';

// The public page GET /verifikasi/{id}: server-rendered HTML in Indonesian, no script at all, its
// style from /verifikasi.css (the app's CSP allows only our own stylesheets). hono/html escapes
// every interpolated value, so a learner's name can hold anything.

/** What the page says about one id. */
export type VerifyOutcome =
  | { kind: 'valid'; certificate: StoredCertificate; content: CertificateContent }
  | { kind: 'revoked'; certificate: StoredCertificate; content: CertificateContent }
  | { kind: 'invalid'; certificate: StoredCertificate; reason: CertificateProblem }
  | { kind: 'unknown'; id: string };

/** The stylesheet the verify page links. */
export const VERIFY_PAGE_CSS = `
body{font-family:system-ui,sans-serif;margin:0;background:#f6f4ef;color:#1d1d1b;line-height:1.5}
main{max-width:40rem;margin:0 auto;padding:1.5rem}
.verdict{border-radius:.5rem;padding:1rem 1.25rem;margin:1rem 0;font-size:1.15rem;font-weight:600}
.verdict--valid{background:#e3f4e1;border:2px solid #2f7a2a}
.verdict--revoked,.verdict--invalid,.verdict--unknown{background:#fbe4e1;border:2px solid #a3261b}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;background:#fff;padding:1rem 1.25rem;border-radius:.5rem}
dt{font-weight:600}dd{margin:0}
small{color:#555}
`.trim();

const dateId = (iso: string) =>
  new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: 'Asia/Jakarta' }).format(new Date(iso));

function page(title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html>
    <html lang="id">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} — Lentera</title>
        <link rel="stylesheet" href="/verifikasi.css" />
      </head>
      <body>
        <main>
          <h1>Verifikasi sertifikat Lentera</h1>
          ${body}
        </main>
      </body>
    </html>`;
}

function details(id: string, c: CertificateContent) {
  const region = [c.desa && `Desa ${c.desa}`, c.kecamatan && `Kec. ${c.kecamatan}`, c.kabupaten, c.provinsi]
    .filter(Boolean)
    .join(', ');
  return html`<dl>
    <dt>Nomor</dt>
    <dd data-testid="certificate-id">${id}</dd>
    <dt>Nama</dt>
    <dd data-testid="certificate-name">${c.learnerName}</dd>
    ${
      c.jabatan
        ? html`<dt>Jabatan</dt>
            <dd>${c.jabatan}</dd>`
        : raw('')
    }
    <dt>Wilayah</dt>
    <dd>${region || '—'}</dd>
    <dt>Kursus</dt>
    <dd>${c.courseTitle} (versi ${c.courseVersion})</dd>
    <dt>Nilai</dt>
    <dd>${c.score.toLocaleString('id-ID')}</dd>
    <dt>Tanggal</dt>
    <dd>${dateId(`${c.issuedOn}T12:00:00+07:00`)}</dd>
    <dt>Penerbit</dt>
    <dd>${c.issuer}</dd>
  </dl>`;
}

const INVALID_REASON: Record<CertificateProblem, string> = {
  not_lentera: 'isinya bukan sertifikat Lentera',
  truncated: 'kodenya terpotong',
  unknown_key: 'ditandatangani dengan kunci yang tidak dikenal server ini',
  edited: 'tanda tangannya tidak cocok dengan isinya',
};

type Verdict = VerifyOutcome['kind'];

/**
 * One answer of the page: its title, the coloured verdict line (what a reader checks first) and what
 * follows it, as HTML with the status it is sent with.
 */
async function verdictPage(
  kind: Verdict,
  title: string,
  verdict: HtmlEscapedString | Promise<HtmlEscapedString>,
  after: HtmlEscapedString | Promise<HtmlEscapedString> = raw(''),
  status: 200 | 404 = 200,
): Promise<{ status: 200 | 404; body: string }> {
  const body = html`<p class="verdict verdict--${kind}" data-testid="verdict">${verdict}</p>
    ${after}`;
  return { status, body: await page(title, body) };
}

/** The verify page for one outcome, with the HTTP status it is answered with (404 for an unknown id). */
export async function verifyPage(outcome: VerifyOutcome): Promise<{ status: 200 | 404; body: string }> {
  switch (outcome.kind) {
    case 'valid':
      return verdictPage(
        'valid',
        'Sertifikat sah',
        html`Sertifikat sah. Diterbitkan ${dateId(outcome.certificate.issuedAt)} dan tidak dicabut.`,
        details(outcome.certificate.id, outcome.content),
      );
    case 'revoked':
      return verdictPage(
        'revoked',
        'Sertifikat dicabut',
        html`Sertifikat dicabut pada ${dateId(outcome.certificate.revokedAt!)}. Alasan:
        ${outcome.certificate.revokedReason ?? '—'}`,
        details(outcome.certificate.id, outcome.content),
      );
    case 'invalid':
      return verdictPage(
        'invalid',
        'Sertifikat tidak sah',
        html`Sertifikat tidak sah: ${INVALID_REASON[outcome.reason]}.`,
      );
    case 'unknown':
      return verdictPage(
        'unknown',
        'Sertifikat tidak ditemukan',
        html`Sertifikat tidak ditemukan. Tidak ada sertifikat Lentera dengan nomor <strong>${outcome.id}</strong>.`,
        html`<p><small>Periksa kembali nomornya: 12 huruf dan angka, tanpa huruf I dan O.</small></p>`,
        404,
      );
  }
}
