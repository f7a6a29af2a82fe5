import '../i18n/staff-messages';
import type { EnrolmentCodesResponse } from '../../shared/monitoring/learner-import';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import { formatSyncTime } from './format-report';
import { QrCode } from './QrCode';

/**
 * The printable list of one-time enrolment codes: one card per learner, text code and QR (`large`
 * for a single learner's sheet, so the QR fills the page width up to 320 px).
 */
export function EnrolmentSheet({ result, large = false }: { result: EnrolmentCodesResponse; large?: boolean }) {
  const issued = result.rows.filter((r) => r.status === 'issued');
  const rejected = result.rows.filter((r) => r.status === 'rejected');
  return (
    <section class="monitoring__section enrolment-sheet" aria-labelledby="sheet-title" data-testid="enrolment-sheet">
      <h2 id="sheet-title">{t('mon.codes.title')}</h2>
      <p>{t('mon.codes.intro')}</p>
      <button type="button" class="button button--primary monitoring__actions" onClick={() => window.print()}>
        {t('mon.codes.print')}
      </button>
      {rejected.length > 0 && (
        <ul role="alert">
          {rejected.map((r) => (
            <li key={r.username}>
              {r.username}: {t(`mon.codes.reason.${r.reason ?? 'unknown_learner'}` as const satisfies MessageKey)}
            </li>
          ))}
        </ul>
      )}
      <ul class="enrolment-sheet__cards">
        {issued.map((r) => (
          <li key={r.username} class="enrolment-card">
            <QrCode
              text={`${location.origin}${r.enrolPath ?? ''}`}
              label={t('mon.codes.qr', { name: r.name ?? '' })}
              large={large}
            />
            <div>
              <strong>{r.name}</strong>
              <div>{r.jabatan}</div>
              <div>
                {r.desaCode} · {r.username}
              </div>
              <div class="enrolment-card__code">{r.code}</div>
              <small>{t('mon.codes.expires', { date: formatSyncTime(r.expiresAt ?? null) })}</small>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
