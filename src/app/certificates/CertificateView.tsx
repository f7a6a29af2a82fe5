import '../i18n/screen-messages';
import type { CertificateContent } from '../../shared/certificates/certificate-code';
import { t } from '../i18n/t';
import { QrCode } from '../monitoring/QrCode';
import { issueDate, regionLine, scoreText, verifyUrl } from './certificate-text';

/**
 * The certificate as it prints on one A4 page (certificates.css): what it says, its number, the
 * QR that holds the signed code, and where to check it online.
 */
export function CertificateView({ content, code }: { content: CertificateContent; code: string }) {
  return (
    <article class="certificate" data-testid="certificate">
      <p class="certificate__issuer">{content.issuer}</p>
      <h1 class="certificate__heading">{t('certificate.heading')}</h1>
      <p>{t('certificate.awardedTo')}</p>
      <p class="certificate__name" data-testid="certificate-name">
        {content.learnerName}
      </p>
      {content.jabatan && <p class="certificate__jabatan">{content.jabatan}</p>}
      <p class="certificate__region">{regionLine(content)}</p>
      <p>{t('certificate.completed')}</p>
      <p class="certificate__course">{content.courseTitle}</p>
      <p>{t('certificate.version', { version: content.courseVersion })}</p>
      <p>{t('certificate.score', { score: scoreText(content.score) })}</p>
      <p>{t('certificate.issued', { date: issueDate(content.issuedOn), issuer: content.issuer })}</p>
      <div class="certificate__qr">
        <QrCode text={code} label={t('certificate.qrLabel', { id: content.id })} large />
      </div>
      <p class="certificate__number">{t('certificate.number', { id: content.id })}</p>
      <p class="certificate__hint">{t('certificate.verifyHint', { url: verifyUrl(content.id) })}</p>
    </article>
  );
}
