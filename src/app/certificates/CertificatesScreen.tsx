import '../i18n/screen-messages';
import { db } from '../../db/database';
import type { Profile } from '../../db/profile';
import { readCertificateContent } from '../../shared/certificates/certificate-code';
import { t } from '../i18n/t';
import { withLearner } from '../profiles/LearnerGate';
import { useLiveQuery } from '../util/use-live-query';
import { issueDate } from './certificate-text';
import './certificates.css';

/** "Sertifikat saya": the learner's certificates on this phone, newest first. */
function Certificates({ learner }: { learner: Profile }) {
  const certificates = useLiveQuery(
    () => db.certificates.where('learnerId').equals(learner.id).reverse().sortBy('issuedAt'),
    [learner.id],
  );
  if (!certificates) return null;
  return (
    <section aria-labelledby="certificates-title">
      <p>
        <a href="/">{t('nav.backHome')}</a>
      </p>
      <h1 id="certificates-title">{t('certificates.title')}</h1>
      {certificates.length === 0 && <p class="empty">{t('certificates.empty')}</p>}
      <ul class="certificate-list">
        {certificates.map((certificate) => {
          const content = readCertificateContent(certificate.code);
          return (
            <li key={certificate.id}>
              <a class="card certificate-list__item" href={`/sertifikat/${certificate.id}`}>
                <span class="certificate-list__title">{content?.courseTitle ?? certificate.courseId}</span>
                <span class="certificate-list__meta">
                  {content ? issueDate(content.issuedOn) : certificate.issuedAt}
                  {certificate.revokedAt && ` · ${t('certificates.revoked')}`}
                </span>
              </a>
            </li>
          );
        })}
      </ul>
      <p>
        <a href="/periksa">{t('verify.link')}</a>
      </p>
    </section>
  );
}

export const CertificatesScreen = withLearner(Certificates);
