import '../i18n/staff-messages';
import { useState } from 'preact/hooks';
import type { Profile } from '../../db/profile';
import type { Region } from '../../shared/monitoring/regions';
import { apiErrorMessage } from '../api/api-error-message';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/t';
import { fetchSyncedDevices } from './learners-api';
import { RegionPicker } from './RegionPicker';
import { StaffGate } from './StaffGate';
import { useApi } from './use-api';
import { useMyRegion } from './use-my-region';

/** Midnight of today on this device's clock: "today" as the operator at the office means it. */
function startOfToday(): Date {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/** `/operator/sinkron` ("hari sinkron"): which phones of the kecamatan synced today (lazy chunk). */
export function SyncedTodayScreen() {
  return <StaffGate roles={['operator', 'admin']}>{(profile) => <SyncedToday profile={profile} />}</StaffGate>;
}

function SyncedToday({ profile }: { profile: Profile }) {
  const mine = useMyRegion(profile.token);
  const [picked, setPicked] = useState<Region | null>(null);
  const region = mine.state === 'ready' ? (mine.data ?? picked) : null;
  return (
    <section class="monitoring" aria-labelledby="synced-title">
      <h1 id="synced-title">{t('synced.title')}</h1>
      <p>{t('synced.intro')}</p>
      {mine.state === 'error' && <p role="alert">{t(apiErrorMessage(mine.code))}</p>}
      {mine.state === 'ready' && mine.data === null && (
        <RegionPicker
          token={profile.token}
          id="synced-region"
          label={t('learners.region')}
          value={picked}
          onChange={setPicked}
          levels={[2, 3, 4]}
        />
      )}
      {region && <SyncedList token={profile.token} region={region} />}
      <p class="monitoring__actions">
        <a href="/operator/peserta">{t('learners.title')}</a> · <a href="/operator">{t('learners.back')}</a>
      </p>
    </section>
  );
}

function SyncedList({ token, region }: { token: string; region: Region }) {
  const [reload, setReload] = useState(0);
  const synced = useApi(`${region.code}#${reload}`, () => fetchSyncedDevices(token, region.code, startOfToday()));
  if (synced.state === 'loading') return <p>{t('mon.loading')}</p>;
  if (synced.state === 'error') return <p role="alert">{t(apiErrorMessage(synced.code))}</p>;
  const { devices } = synced.data;
  return (
    <div class="monitoring__section">
      <p role="status" data-testid="synced-summary">
        {t('synced.summary', { count: devices.length, region: region.name })}
      </p>
      <button type="button" class="button monitoring__actions" onClick={() => setReload((n) => n + 1)}>
        {t('learners.refresh')}
      </button>
      {devices.length > 0 && (
        <div class="monitoring__scroll" tabIndex={0} role="region" aria-label={t('synced.title')}>
          <table class="monitoring__table" data-testid="synced-table">
            <caption class="visually-hidden">{t('synced.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('synced.col.time')}</th>
                <th scope="col">{t('learners.col.name')}</th>
                <th scope="col">{t('learners.col.desa')}</th>
                <th scope="col">{t('synced.col.phone')}</th>
                <th scope="col">{t('synced.col.version')}</th>
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={`${d.deviceId}-${d.learnerId}`}>
                  <td>{formatDateTime(d.lastSyncAt)}</td>
                  <th scope="row">
                    {d.name} <small>{d.username}</small>
                  </th>
                  <td>{d.desaName ?? d.desaCode}</td>
                  <td>
                    <code>{d.deviceId.slice(0, 8)}</code>
                  </td>
                  <td>{d.appVersion ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
