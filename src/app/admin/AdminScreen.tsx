import '../i18n/screen-messages';
import '../i18n/staff-messages';
import { useState } from 'preact/hooks';
import type { Profile } from '../../db/profile';
import {
  isRegionalRole,
  STAFF_ROLES,
  type StaffAccount,
  type StaffPasswordResponse,
  type StaffRole,
} from '../../shared/admin/staff-protocol';
import type { Region } from '../../shared/monitoring/regions';
import { apiErrorMessage } from '../api/api-error-message';
import type { MessageKey } from '../i18n/messages';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/t';
import { RegionPicker } from '../monitoring/RegionPicker';
import { StaffGate } from '../monitoring/StaffGate';
import { useApi } from '../monitoring/use-api';
import { createStaff, fetchStaff, resetStaffPassword, setStaffEnabled } from './admin-api';

export const ROLE_NAMES: Record<StaffRole, MessageKey> = {
  operator: 'admin.role.operator',
  monitor: 'admin.role.monitor',
  author: 'admin.role.author',
  admin: 'admin.role.admin',
};

/** This form's own wording for answers about what was typed in it. */
const FORM_ERRORS = {
  username_taken: 'enrol.error.username_taken',
  invalid_request: 'admin.error.invalidRequest',
} as const;

/** `/admin`: staff accounts — create with a role and a region, disable, enable, reset a password (lazy chunk). */
export function AdminScreen() {
  return <StaffGate roles={['admin']}>{(profile) => <Admin profile={profile} />}</StaffGate>;
}

function Admin({ profile }: { profile: Profile }) {
  const [reload, setReload] = useState(0);
  const staff = useApi(`staff#${reload}`, () => fetchStaff(profile.token));
  // A password is shown once, right after it was made; only its hash is kept.
  const [password, setPassword] = useState<StaffPasswordResponse | null>(null);
  return (
    <section class="monitoring" aria-labelledby="admin-title">
      <h1 id="admin-title">{t('admin.title')}</h1>
      <nav class="monitoring__actions staff-links" aria-label={t('admin.links')}>
        <a href="/audit">{t('audit.title')}</a> · <a href="/pantau">{t('nav.pantau')}</a> ·{' '}
        <a href="/operator/peserta">{t('learners.title')}</a>
      </nav>
      {password && <OneTimePassword shown={password} onDone={() => setPassword(null)} />}
      <CreateStaffForm
        token={profile.token}
        onCreated={(created) => {
          setPassword(created);
          setReload((n) => n + 1);
        }}
      />
      <h2>{t('admin.list.title')}</h2>
      {staff.state === 'loading' && <p>{t('mon.loading')}</p>}
      {staff.state === 'error' && <p role="alert">{t(apiErrorMessage(staff.code))}</p>}
      {staff.state === 'ready' && (
        <StaffTable
          token={profile.token}
          me={profile.id}
          staff={staff.data.staff}
          onChanged={() => setReload((n) => n + 1)}
          onPassword={setPassword}
        />
      )}
    </section>
  );
}

function OneTimePassword({ shown, onDone }: { shown: StaffPasswordResponse; onDone: () => void }) {
  return (
    <div class="monitoring__section" role="status" data-testid="one-time-password">
      <h2>{t('admin.password.title', { username: shown.account.username })}</h2>
      <p>{t('admin.password.intro')}</p>
      <p class="one-time-password" data-testid="password-value">
        {shown.password}
      </p>
      <button type="button" class="button" onClick={onDone}>
        {t('admin.password.done')}
      </button>
    </div>
  );
}

function CreateStaffForm({ token, onCreated }: { token: string; onCreated: (r: StaffPasswordResponse) => void }) {
  const [form, setForm] = useState({ username: '', name: '' });
  const [role, setRole] = useState<StaffRole>('operator');
  const [region, setRegion] = useState<Region | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const regional = isRegionalRole(role);

  async function submit(event: Event) {
    event.preventDefault();
    if (regional && !region) {
      setError(t('admin.error.regionRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    const answer = await createStaff(token, {
      ...form,
      role,
      ...(regional && region ? { regionCode: region.code } : {}),
    });
    setBusy(false);
    if (!answer.ok) {
      setError(t(apiErrorMessage(answer.code, FORM_ERRORS)));
      return;
    }
    setForm({ username: '', name: '' });
    setRegion(null);
    onCreated(answer.data);
  }

  return (
    <form class="form monitoring__section" onSubmit={submit} aria-labelledby="create-staff-title">
      <h2 id="create-staff-title">{t('admin.create.title')}</h2>
      <label for="staff-name">{t('admin.create.name')}</label>
      <input
        id="staff-name"
        value={form.name}
        required
        maxLength={120}
        onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
      />
      <label for="staff-username">{t('admin.create.username')}</label>
      <input
        id="staff-username"
        value={form.username}
        required
        autocapitalize="none"
        pattern="[a-zA-Z0-9._\-]{3,64}"
        onInput={(e) => setForm({ ...form, username: e.currentTarget.value })}
      />
      <label for="staff-role">{t('admin.create.role')}</label>
      <select id="staff-role" value={role} onChange={(e) => setRole(e.currentTarget.value as StaffRole)}>
        {STAFF_ROLES.map((r) => (
          <option key={r} value={r}>
            {t(ROLE_NAMES[r])}
          </option>
        ))}
      </select>
      {regional ? (
        <RegionPicker
          token={token}
          id="staff-region"
          label={t('admin.create.region')}
          value={region}
          onChange={setRegion}
          levels={role === 'operator' ? [2, 3] : [1, 2, 3]}
          required
        />
      ) : (
        <p>{t('admin.create.national')}</p>
      )}
      {error && (
        <p class="form__error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="button button--primary" disabled={busy}>
        {busy ? t('admin.create.busy') : t('admin.create.submit')}
      </button>
    </form>
  );
}

function StaffTable({
  token,
  me,
  staff,
  onChanged,
  onPassword,
}: {
  token: string;
  me: string;
  staff: StaffAccount[];
  onChanged: () => void;
  onPassword: (r: StaffPasswordResponse) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  async function toggle(account: StaffAccount) {
    setError(null);
    const answer = await setStaffEnabled(token, account.id, account.disabledAt !== null);
    if (answer.ok) onChanged();
    else setError(t(apiErrorMessage(answer.code)));
  }
  async function reset(account: StaffAccount) {
    setError(null);
    const answer = await resetStaffPassword(token, account.id);
    if (answer.ok) onPassword(answer.data);
    else setError(t(apiErrorMessage(answer.code)));
  }
  return (
    <>
      {error && <p role="alert">{error}</p>}
      <div class="monitoring__scroll">
        <table class="monitoring__table" data-testid="staff-table">
          <caption class="visually-hidden">{t('admin.list.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.col.account')}</th>
              <th scope="col">{t('admin.col.role')}</th>
              <th scope="col">{t('admin.col.region')}</th>
              <th scope="col">{t('admin.col.status')}</th>
              <th scope="col">{t('learners.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id} data-username={s.username}>
                <th scope="row">
                  {s.name}
                  <br />
                  <small>{s.username}</small>
                </th>
                <td>{t(ROLE_NAMES[s.role])}</td>
                <td>{s.regionName ? `${s.regionName} (${s.regionCode})` : t('admin.national')}</td>
                <td>
                  {s.disabledAt
                    ? t('admin.status.disabled', { date: formatDateTime(s.disabledAt) })
                    : t('admin.status.active')}
                </td>
                <td class="learners__row-actions">
                  {s.id !== me && (
                    <button type="button" class="button" onClick={() => void toggle(s)}>
                      {t(s.disabledAt ? 'admin.enable' : 'admin.disable')}
                    </button>
                  )}
                  <button type="button" class="button" onClick={() => void reset(s)}>
                    {t('admin.reset')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
