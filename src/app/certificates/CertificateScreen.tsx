import '../i18n/screen-messages';
import { useState } from 'preact/hooks';
import { db } from '../../db/database';
import type { Profile } from '../../db/profile';
import { readCertificateContent } from '../../shared/certificates/certificate-code';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/t';
import { withLearner } from '../profiles/LearnerGate';
import { useLiveQuery } from '../util/use-live-query';
import { CertificateView } from './CertificateView';
import './certificates.css';

/** One certificate: the printable page, "Cetak" and "Unduh PDF" (the PDF code loads only on that click). */
function Certificate({ learner, id }: { learner: Profile; id: string }) {
  // null: not on this phone (undefined is "still reading").
  const record = useLiveQuery(async () => (await db.certificates.get(id)) ?? null, [id]);
  const [pdf, setPdf] = useState<'idle' | 'busy' | 'failed'>('idle');
  if (record === undefined) return null;
  const content = record && record.learnerId === learner.id ? readCertificateContent(record.code) : null;
  const back = (
    <p class="no-print">
      <a href="/sertifikat">{t('certificate.back')}</a>
    </p>
  );
  if (!record || !content) {
    return (
      <section>
        {back}
        <p class="empty">{t('certificate.notFound')}</p>
      </section>
    );
  }
  const download = async () => {
    setPdf('busy');
    try {
      const { saveCertificatePdf } = await import('./certificate-pdf');
      await saveCertificatePdf(content, record.code);
      setPdf('idle');
    } catch {
      setPdf('failed');
    }
  };
  return (
    <section aria-label={t('certificate.title')}>
      {back}
      {record.revokedAt && (
        <p class="certificate-revoked" role="alert">
          {t('certificate.revokedNotice', {
            date: formatDateTime(record.revokedAt),
            reason: record.revokedReason ?? '–',
          })}
        </p>
      )}
      <div class="certificate-actions no-print">
        <button type="button" class="button" onClick={() => window.print()}>
          {t('certificate.print')}
        </button>
        <button type="button" class="button button--primary" onClick={download} disabled={pdf === 'busy'}>
          {pdf === 'busy' ? t('certificate.pdfBusy') : t('certificate.downloadPdf')}
        </button>
      </div>
      {pdf === 'failed' && (
        <p class="error no-print" role="alert">
          {t('certificate.pdfFailed')}
        </p>
      )}
      <CertificateView content={content} code={record.code} />
    </section>
  );
}

export const CertificateScreen = withLearner(Certificate);
