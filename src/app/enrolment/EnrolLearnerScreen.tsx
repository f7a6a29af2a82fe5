import { useState } from 'preact/hooks';
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
  const [form, setForm] = useState({ username: '', name: '', desaCode: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const [issued, setIssued] = useState<(EnrolmentCode & { name: string }) | null>(null);
  const token = activeProfile.value?.token ?? '';

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body: Partial<CreateUserRequest> = { ...form };
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
              setForm({ username: '', name: '', desaCode: form.desaCode });
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
        {field('desaCode', 'enrol.desa', { inputMode: 'decimal', pattern: '\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{4}' })}
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
