import { useState } from 'preact/hooks';
import type { LearnerRow } from '../../shared/monitoring/region-report';
import { formatNumber } from '../i18n/format';
import { t } from '../i18n/t';
import { formatSyncTime } from './format-report';
import { fetchSilentVillages } from './monitoring-api';
import { monitoringError } from './StaffGate';
import { useApi } from './use-api';

const DAY_MS = 86_400_000;

/**
 * The data that is late: for a larger region its desa with learners who have not synced for N days
 * (default 14), for a desa (`learners` given) those learners one by one — a desa where one learner
 * synced yesterday is not "synced" while the other three never did.
 */
export function SilentVillages({ token, code, learners }: { token: string; code: string; learners?: LearnerRow[] }) {
  const [days, setDays] = useState(14);
  return (
    <section class="monitoring__section" aria-labelledby="silent-title">
      <h2 id="silent-title">{learners ? t('mon.silentLearners.title') : t('mon.silent.title')}</h2>
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
      {learners ? (
        <SilentLearners learners={learners} days={days} />
      ) : (
        <Villages token={token} code={code} days={days} />
      )}
    </section>
  );
}

function SilentLearners({ learners, days }: { learners: LearnerRow[]; days: number }) {
  const cutoff = Date.now() - days * DAY_MS;
  const silent = learners
    .filter((l) => l.lastSyncAt === null || Date.parse(l.lastSyncAt) <= cutoff)
    .sort((a, b) => (a.lastSyncAt ?? '').localeCompare(b.lastSyncAt ?? ''));
  if (learners.length === 0) return <p>{t('mon.silentLearners.noLearners')}</p>;
  if (silent.length === 0) return <p>{t('mon.silentLearners.none', { days })}</p>;
  return (
    <>
      <p data-testid="silent-learners-count">
        {t('mon.silentLearners.count', { silent: silent.length, total: learners.length, days })}
      </p>
      <div class="monitoring__scroll">
        <table class="monitoring__table" data-testid="silent-learners">
          <thead>
            <tr>
              <th>{t('mon.col.learner')}</th>
              <th>{t('mon.col.lastSync')}</th>
              <th>{t('mon.col.daysSilent')}</th>
            </tr>
          </thead>
          <tbody>
            {silent.map((l) => (
              <tr key={l.id}>
                <td>
                  {l.name} <small>{l.jabatan ?? l.username}</small>
                </td>
                <td>{l.lastSyncAt === null ? t('mon.never') : formatSyncTime(l.lastSyncAt)}</td>
                <td>
                  {l.lastSyncAt === null
                    ? '–'
                    : formatNumber(Math.floor((Date.now() - Date.parse(l.lastSyncAt)) / DAY_MS), 0)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Villages({ token, code, days }: { token: string; code: string; days: number }) {
  const loaded = useApi(`${code}/${days}`, () => fetchSilentVillages(token, code, days));
  return (
    <>
      {loaded.state === 'loading' && <p>{t('mon.loading')}</p>}
      {loaded.state === 'error' && <p role="alert">{monitoringError(loaded.code)}</p>}
      {loaded.state === 'ready' && loaded.data.villages.length === 0 && <p>{t('mon.silent.none', { days })}</p>}
      {loaded.state === 'ready' && loaded.data.villages.length > 0 && (
        <div class="monitoring__scroll">
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
                  <td>{formatNumber(v.learners, 0)}</td>
                  <td>{v.lastSyncAt === null ? t('mon.never') : formatSyncTime(v.lastSyncAt)}</td>
                  <td>{v.daysSilent === null ? '–' : formatNumber(v.daysSilent, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {loaded.state === 'ready' && loaded.data.truncated && <p>{t('mon.silent.truncated')}</p>}
    </>
  );
}
