import '../i18n/screen-messages';
import '../i18n/staff-messages';
import { useEffect, useState } from 'preact/hooks';
import {
  CreateUserResponseSchema,
  EnrolmentCodeSchema,
  type CreateUserRequest,
  type EnrolmentCode,
} from '../../shared/enrolment-protocol';
import { apiErrorMessage } from '../api/api-error-message';
import { apiFetch } from '../api/api-fetch';
import type { MessageKey } from '../i18n/messages';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/t';
import { QrCode } from '../monitoring/QrCode';
import type { Region } from '../../shared/monitoring/regions';
import { fetchMyRegion } from '../monitoring/monitoring-api';
import { RegionPicker } from '../monitoring/RegionPicker';
import { activeProfile } from '../profiles/active-profile';

/** This form's own wording for the answers about what was typed in it. */
const FORM_ERRORS = {
  username_taken: 'enrol.error.username_taken',
  outside_region: 'enrol.error.outside_region',
  unknown_desa: 'enrol.error.unknown_desa',
  invalid_request: 'enrol.error.invalid_request',
} as const;

/**
 * `/operator/daftar` (lazy chunk): an operator enrols one learner and hands over a one-time code,
 * as text to read out and as a QR code the learner's phone camera opens (`/masuk?kode=…`).
 */
export function EnrolLearnerScreen() {
  const [form, setForm] = useState({ username: '', name: '' });
  const [desa, setDesa] = useState<Region | null>(null);
  // The operator's own region: a kecamatan lists its villages, a larger region is searched by name.
  const [scope, setScope] = useState<Region | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const [issued, setIssued] = useState<(EnrolmentCode & { name: string }) | null>(null);
  const token = activeProfile.value?.token ?? '';
  useEffect(() => {
    void fetchMyRegion(token).then((r) => setScope(r.ok ? r.data.region : null));
  }, [token]);

  async function submit(event: Event) {
    event.preventDefault();
    if (!desa) {
      setError('picker.required');
      return;
    }
    setBusy(true);
    setError(null);
    const body: Partial<CreateUserRequest> = { ...form, desaCode: desa.code };
    const created = await apiFetch('/api/users', CreateUserResponseSchema, {
      method: 'POST',
      token,
      body: JSON.stringify(body),
    });
    const code = created.ok
      ? await apiFetch(`/api/users/${created.data.account.id}/enrolment-code`, EnrolmentCodeSchema, {
          method: 'POST',
          token,
        })
      : created;
    setBusy(false);
    if (!code.ok) {
      setError(apiErrorMessage(code.code, FORM_ERRORS));
      return;
    }
    setIssued({ ...code.data, name: form.name });
  }

  if (issued) {
    return (
      <section aria-labelledby="enrol-code-title" class="enrolment-card" data-testid="enrol-code">
        <QrCode text={`${location.origin}${issued.enrolPath}`} label={t('enrol.qr')} large />
        <div>
          <h1 id="enrol-code-title">{t('enrol.code.title', { name: issued.name })}</h1>
          <p class="enrolment-card__code">{issued.code}</p>
          <p>{t('enrol.code.intro', { date: formatDateTime(Date.parse(issued.expiresAt)) })}</p>
          <button
            type="button"
            class="button"
            onClick={() => {
              setIssued(null);
              // The next learner is most often from the same desa: keep it chosen.
              setForm({ username: '', name: '' });
            }}
          >
            {t('enrol.another')}
          </button>
        </div>
      </section>
    );
  }

  const field = (key: keyof typeof form, label: MessageKey, extra: Record<string, string> = {}) => (
    <>
      <label for={`enrol-${key}`}>{t(label)}</label>
      <input
        id={`enrol-${key}`}
        value={form[key]}
        onInput={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
        required
        {...extra}
      />
    </>
  );
  return (
    <section aria-labelledby="enrol-title">
      <h1 id="enrol-title">{t('enrol.title')}</h1>
      <p>{t('enrol.intro')}</p>
      <form class="form" onSubmit={submit}>
        {field('name', 'enrol.name')}
        {field('username', 'enrol.username', { autocapitalize: 'none', pattern: '[a-zA-Z0-9._\\-]{3,64}' })}
        {scope !== undefined && (
          <RegionPicker
            token={token}
            id="enrol-desa"
            label={t('enrol.desa')}
            value={desa}
            onChange={setDesa}
            levels={[4]}
            required
            {...(scope?.level === 3 ? { childrenOf: scope.code } : { within: scope?.code ?? null })}
          />
        )}
        {error && (
          <p class="form__error" role="alert">
            {t(error)}
          </p>
        )}
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? t('enrol.busy') : t('enrol.submit')}
        </button>
      </form>
    </section>
  );
}
