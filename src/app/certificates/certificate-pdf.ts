import '../i18n/screen-messages';
import { jsPDF } from 'jspdf';
import { encode } from 'uqr';
import type { CertificateContent } from '../../shared/certificates/certificate-code';
import { t } from '../i18n/t';
import { issueDate, regionLine, scoreText, verifyUrl } from './certificate-text';

// The certificate as an A4 PDF, built on the phone with jsPDF. This module is imported only when
// "Unduh PDF" is pressed, so jsPDF never weighs on the learner's first load. Text is real PDF
// text in the standard Helvetica font (a reader, a search, a screen reader find the name), and the
// QR is drawn as vector squares from the same matrix the screen shows, so it scans at any zoom.

const PAGE_WIDTH = 210;

/** Builds the certificate's PDF (A4 portrait). */
export function certificatePdf(content: CertificateContent, code: string): jsPDF {
  const doc = new jsPDF({ unit: 'mm', format: 'a4', orientation: 'portrait' });
  doc.setProperties({ title: `${t('certificate.heading')} — ${content.learnerName}`, subject: content.courseTitle });
  let y = 28;
  const line = (text: string, size: number, style: 'normal' | 'bold' = 'normal', gap = 4) => {
    doc.setFont('helvetica', style);
    doc.setFontSize(size);
    const lines = doc.splitTextToSize(text, 170) as string[];
    doc.text(lines, PAGE_WIDTH / 2, y, { align: 'center' });
    y += lines.length * size * 0.42 + gap;
  };
  doc.setDrawColor(60, 90, 60);
  doc.setLineWidth(1.2);
  doc.rect(10, 10, 190, 277);
  line(content.issuer, 12);
  line(t('certificate.heading'), 26, 'bold', 8);
  line(t('certificate.awardedTo'), 12);
  line(content.learnerName, 22, 'bold', 3);
  if (content.jabatan) line(content.jabatan, 12, 'normal', 2);
  line(regionLine(content), 11, 'normal', 8);
  line(t('certificate.completed'), 12);
  line(content.courseTitle, 16, 'bold', 2);
  line(t('certificate.version', { version: content.courseVersion }), 11, 'normal', 6);
  line(t('certificate.score', { score: scoreText(content.score) }), 12, 'normal', 2);
  line(t('certificate.issued', { date: issueDate(content.issuedOn), issuer: content.issuer }), 12, 'normal', 8);

  const { data } = encode(code, { ecc: 'M', border: 4 });
  const size = 70;
  const cell = size / data.length;
  const left = (PAGE_WIDTH - size) / 2;
  doc.setFillColor(0, 0, 0);
  data.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (dark) doc.rect(left + c * cell, y + r * cell, cell, cell, 'F');
    }),
  );
  y += size + 6;
  line(t('certificate.number', { id: content.id }), 11, 'bold', 2);
  line(t('certificate.verifyHint', { url: verifyUrl(content.id) }), 9);
  return doc;
}

/** Saves the certificate's PDF as `sertifikat-<id>.pdf` (the browser's download). */
export async function saveCertificatePdf(content: CertificateContent, code: string): Promise<void> {
  await certificatePdf(content, code).save(`sertifikat-${content.id}.pdf`, { returnPromise: true });
}
