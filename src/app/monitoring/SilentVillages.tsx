import { useState } from 'preact/hooks';
import { t } from '../i18n/t';
import { formatSyncTime } from './format-report';
import { fetchSilentVillages } from './monitoring-api';
import { monitoringError } from './StaffGate';
import { useApi } from './use-api';

/** Desa of the region with learners but no sync for N days (default 14): the data that is late. */
export function SilentVillages({ token, code }: { token: string; code: string }) {
  const [days, setDays] = useState(14);
  const loaded = useApi(`${code}/${days}`, () => fetchSilentVillages(token, code, days));
  return (
    <section class="monitoring__section" aria-labelledby="silent-title">
      <h2 id="silent-title">{t('mon.silent.title')}</h2>
      <label class="monitoring__inline">
        {t('mon.silent.days')}
        <input
          type="number"
          min={0}
          max={365}
          value={days}
          onChange={(e) => setDays(Math.max(0, Math.min(365, Number(e.currentTarget.value) || 0)))}
        />
      </label>
      {loaded.state === 'loading' && <p>{t('mon.loading')}</p>}
      {loaded.state === 'error' && <p role="alert">{monitoringError(loaded.code)}</p>}
      {loaded.state === 'ready' && loaded.data.villages.length === 0 && <p>{t('mon.silent.none', { days })}</p>}
      {loaded.state === 'ready' && loaded.data.villages.length > 0 && (
        <table class="monitoring__table" data-testid="silent-villages">
          <thead>
            <tr>
              <th>{t('mon.col.desa')}</th>
              <th>{t('mon.col.kecamatan')}</th>
              <th>{t('mon.col.learners')}</th>
              <th>{t('mon.col.lastSync')}</th>
              <th>{t('mon.col.daysSilent')}</th>
            </tr>
          </thead>
          <tbody>
            {loaded.data.villages.map((v) => (
              <tr key={v.code}>
                <td>
                  <a href={`/pantau/${v.code}`}>{v.name}</a> <small>{v.code}</small>
                </td>
                <td>{v.kecamatan ?? '–'}</td>
                <td>{v.learners}</td>
                <td>{v.lastSyncAt === null ? t('mon.never') : formatSyncTime(v.lastSyncAt)}</td>
                <td>{v.daysSilent ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {loaded.state === 'ready' && loaded.data.truncated && <p>{t('mon.silent.truncated')}</p>}
    </section>
  );
}
