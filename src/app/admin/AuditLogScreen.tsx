import '../i18n/staff-messages';
import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { Profile } from '../../db/profile';
import type { AuditAction, AuditEntry } from '../../shared/audit/audit-action';
import { apiErrorMessage } from '../api/api-error-message';
import type { MessageKey } from '../i18n/messages';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/t';
import { RegionPicker } from '../monitoring/RegionPicker';
import { StaffGate } from '../monitoring/StaffGate';
import { useMyRegion } from '../monitoring/use-my-region';
import { fetchAuditLog } from './admin-api';

const ACTION_NAMES: Record<AuditAction, MessageKey> = {
  'staff.create': 'audit.action.staff.create',
  'staff.disable': 'audit.action.staff.disable',
  'staff.enable': 'audit.action.staff.enable',
  'staff.reset_password': 'audit.action.staff.reset_password',
  'learner.enrol': 'audit.action.learner.enrol',
  'learner.import': 'audit.action.learner.import',
  'enrolment.reissue': 'audit.action.enrolment.reissue',
  'device.revoke': 'audit.action.device.revoke',
  'course.publish': 'audit.action.course.publish',
  'course.withdraw': 'audit.action.course.withdraw',
  'course.import': 'audit.action.course.import',
  'certificate.revoke': 'audit.action.certificate.revoke',
  'bundle.upload': 'audit.action.bundle.upload',
};

/** This screen's wording for a refusal: a monitor opening another region's log is told so plainly. */
const AUDIT_ERRORS = {
  outside_region: 'audit.error.outsideRegion',
  forbidden: 'audit.error.forbidden',
} as const;

/** `/audit` and `/audit?wilayah=34.02`: staff actions newest first; admin reads all, a monitor their region (lazy chunk). */
export function AuditLogScreen() {
  return <StaffGate roles={['admin', 'monitor']}>{(profile) => <AuditLog profile={profile} />}</StaffGate>;
}

/** A short, readable line of an entry's detail (`role: monitor · version: 1.1.0`). */
const detailText = (detail: Record<string, unknown>) =>
  Object.entries(detail)
    .filter(([, value]) => value !== null && typeof value !== 'object')
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(' · ');

function AuditLog({ profile }: { profile: Profile }) {
  // The region is a query (?wilayah=34.02), not a path segment: a path ending in ".02" would look
  // like a file name to the server and not get the app shell on a first visit.
  const code = useRoute().query.wilayah ?? null;
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | { error: string }>('loading');
  const { route } = useLocation();
  const mine = useMyRegion(profile.token);

  async function load(before: string | null) {
    setState('loading');
    const answer = await fetchAuditLog(profile.token, code, before);
    if (!answer.ok) {
      setState({ error: t(apiErrorMessage(answer.code, AUDIT_ERRORS)) });
      return;
    }
    setEntries((shown) => (before ? [...shown, ...answer.data.entries] : answer.data.entries));
    setNext(answer.data.nextBefore);
    setState('ready');
  }
  useEffect(() => {
    setEntries([]);
    void load(null);
    // A new region in the address starts the log again.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [code, profile.token]);

  return (
    <section class="monitoring" aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <p>{t(profile.role === 'admin' ? 'audit.intro.admin' : 'audit.intro.monitor')}</p>
      {mine.state === 'ready' && (
        <details class="monitoring__section">
          <summary>{t('audit.filter')}</summary>
          <RegionPicker
            token={profile.token}
            id="audit-region"
            label={t('audit.col.region')}
            value={null}
            within={mine.data?.code ?? null}
            levels={[1, 2, 3, 4]}
            onChange={(r) => r && route(`/audit?wilayah=${r.code}`)}
          />
        </details>
      )}
      {code && (
        <p>
          {t('audit.region', { code })} · <a href="/audit">{t('audit.all')}</a>
        </p>
      )}
      {typeof state === 'object' && (
        <p class="form__error" role="alert" data-testid="audit-error">
          {state.error}
        </p>
      )}
      {state === 'ready' && entries.length === 0 && <p>{t('audit.empty')}</p>}
      {entries.length > 0 && (
        <div class="monitoring__scroll" tabIndex={0} role="region" aria-label={t('audit.title')}>
          <table class="monitoring__table" data-testid="audit-table">
            <caption class="visually-hidden">{t('audit.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.col.time')}</th>
                <th scope="col">{t('audit.col.actor')}</th>
                <th scope="col">{t('audit.col.action')}</th>
                <th scope="col">{t('audit.col.target')}</th>
                <th scope="col">{t('audit.col.region')}</th>
                <th scope="col">{t('audit.col.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>
                    {e.actorName ?? '–'}
                    <br />
                    <small>{e.actorUsername ?? e.actorId}</small>
                  </td>
                  <td>{t(ACTION_NAMES[e.action])}</td>
                  <td>{e.targetId}</td>
                  <td>{e.regionCode ?? t('audit.national')}</td>
                  <td>
                    <small>{detailText(e.detail)}</small>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {state === 'loading' && <p>{t('mon.loading')}</p>}
      {state === 'ready' && next && (
        <button type="button" class="button monitoring__actions" onClick={() => void load(next)}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}
