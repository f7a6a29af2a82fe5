import '../i18n/screen-messages';
import { useEffect, useState } from 'preact/hooks';
import { db } from '../../db/database';
import { verifyCertificate, type CertificateCheck } from '../../shared/certificates/certificate-code';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import { online } from '../sync/online';
import { useLiveQuery } from '../util/use-live-query';
import { issueDate, regionLine, scoreText } from './certificate-text';
import { pinServerIssuerKeys, trustedIssuerKeys } from './trusted-issuer-keys';
import { useQrScan } from './use-qr-scan';
import './certificates.css';

const REASON: Record<Extract<CertificateCheck, { ok: false }>['reason'], MessageKey> = {
  not_lentera: 'verify.reason.not_lentera',
  truncated: 'verify.reason.truncated',
  unknown_key: 'verify.reason.unknown_key',
  edited: 'verify.reason.edited',
};

/**
 * "Periksa sertifikat": anyone's phone with Lentera checks a certificate offline by scanning its
 * QR (or pasting its code) against the pinned issuer keys. It says what it can know: the content
 * is unchanged and signed by a trusted issuer; a revocation only the online check can tell.
 */
export function VerifyScreen() {
  const [code, setCode] = useState('');
  const [result, setResult] = useState<CertificateCheck | null>(null);
  const keyCount = useLiveQuery(() => db.issuerKeys.count(), []);

  useEffect(() => {
    if (online.value) {
      void pinServerIssuerKeys();
      // Fetched now, while there is a signal, so the camera scan works later offline too: the
      // decoder is not in the service worker's precache, and hashed assets stay in the HTTP cache.
      void import('./scan-qr').then((m) => m.preloadQrDecoder()).catch(() => undefined);
    }
  }, []);

  const check = async (text: string) => {
    setCode(text);
    setResult(await verifyCertificate(text, await trustedIssuerKeys()));
  };
  const qr = useQrScan((text) => void check(text));
  const startScan = () => {
    setResult(null);
    void qr.start();
  };

  return (
    <section aria-labelledby="verify-title">
      <p>
        <a href="/">{t('nav.backHome')}</a>
      </p>
      <h1 id="verify-title">{t('verify.title')}</h1>
      <p>{t('verify.intro')}</p>
      {keyCount === 0 && <p class="notice">{t('verify.noKeys')}</p>}
      <p>
        {qr.scanning ? (
          <button type="button" class="button" onClick={qr.stop}>
            {t('verify.stopScan')}
          </button>
        ) : (
          <button type="button" class="button button--primary" onClick={startScan}>
            {t('verify.scan')}
          </button>
        )}
      </p>
      {qr.scanning && <p aria-live="polite">{t('verify.scanning')}</p>}
      <video ref={qr.video} class="verify__video" hidden={!qr.scanning} aria-hidden="true" />
      {qr.cameraFailed && <p class="notice">{t('verify.noCamera')}</p>}
      <form
        class="verify__form"
        onSubmit={(e) => {
          e.preventDefault();
          void check(code);
        }}
      >
        <label for="verify-code">{t('verify.codeLabel')}</label>
        <textarea
          id="verify-code"
          rows={4}
          spellcheck={false}
          autocomplete="off"
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
        <button type="submit" class="button">
          {t('verify.check')}
        </button>
      </form>
      {result && <VerifyResult result={result} />}
    </section>
  );
}

function VerifyResult({ result }: { result: CertificateCheck }) {
  if (!result.ok) {
    return (
      <div class="verify-result verify-result--invalid" role="alert" data-testid="verify-result">
        <p class="verify-result__verdict">{t('verify.invalid')}</p>
        <p>{t(REASON[result.reason])}</p>
      </div>
    );
  }
  const c = result.content;
  return (
    <div class="verify-result verify-result--valid" role="status" data-testid="verify-result">
      <p class="verify-result__verdict">{t('verify.valid', { date: issueDate(c.issuedOn), issuer: c.issuer })}</p>
      <dl>
        <dt>{t('certificate.awardedTo')}</dt>
        <dd data-testid="verify-name">{c.learnerName}</dd>
        {c.jabatan && <dd>{c.jabatan}</dd>}
        <dd>{regionLine(c)}</dd>
        <dt>{t('certificate.completed')}</dt>
        <dd>
          {c.courseTitle} ({t('certificate.version', { version: c.courseVersion })})
        </dd>
        <dd>{t('certificate.score', { score: scoreText(c.score) })}</dd>
        <dd>{t('certificate.number', { id: c.id })}</dd>
      </dl>
      <p>
        <a href={`/verifikasi/${c.id}`} target="_blank" rel="noopener">
          {t('verify.checkOnline')}
        </a>
      </p>
    </div>
  );
}
