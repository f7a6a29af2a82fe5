import type { CertificateContent } from '../../shared/certificates/certificate-code';
import { formatNumber } from '../i18n/format';
import { locale } from '../i18n/t';

/** "Desa Trimurti, Kec. Srandakan, Kabupaten Bantul, DI Yogyakarta": the parts the certificate knows. */
export function regionLine(c: CertificateContent): string {
  return [c.desa && `Desa ${c.desa}`, c.kecamatan && `Kec. ${c.kecamatan}`, c.kabupaten, c.provinsi]
    .filter(Boolean)
    .join(', ');
}

/** The day of issue (YYYY-MM-DD, WIB) as the interface language writes a date: "1 Desember 2026". */
export function issueDate(issuedOn: string): string {
  const day = new Date(`${issuedOn}T12:00:00+07:00`);
  if (!Number.isFinite(day.getTime())) return issuedOn;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: 'Asia/Jakarta' }).format(day);
}

/** The score as printed: "87,5". */
export const scoreText = (score: number) => formatNumber(score, 1);

/** Where anyone checks this certificate online (the server's public page). */
export const verifyUrl = (id: string) => `${location.origin}/verifikasi/${id}`;
