import '../i18n/staff-messages';
import { useState } from 'preact/hooks';
import type { SilentHub, SilentLearner, SilentVillage } from '../../shared/monitoring/region-report';
import { formatNumber } from '../i18n/format';
import { t } from '../i18n/t';
import { formatSyncTime } from './format-report';
import { fetchSilentVillages } from './monitoring-api';
import { monitoringError } from './StaffGate';
import { useApi } from './use-api';

/**
 * The data that is late, as the server counts it (per learner): for a larger region its desa with
 * any learner who has not synced for N days (default 14), with how many of how many; for a desa
 * (`desaLearners` = its enrolled learners) those learners one by one. A desa where one learner
 * synced yesterday is not "synced" while the other three never did. Above them, the region's
 * kecamatan hubs silent for a day: a whole office's results may be waiting on one.
 */
export function SilentVillages({ token, code, desaLearners }: { token: string; code: string; desaLearners?: number }) {
  const [days, setDays] = useState(14);
  const loaded = useApi(`${code}/${days}`, () => fetchSilentVillages(token, code, days));
  const desa = desaLearners !== undefined;
  return (
    <section class="monitoring__section" aria-labelledby="silent-title">
      <h2 id="silent-title">{desa ? t('mon.silentLearners.title') : t('mon.silent.title')}</h2>
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
      {loaded.state === 'ready' && <SilentHubs hubs={loaded.data.silentHubs ?? []} />}
      {loaded.state === 'loading' && <p>{t('mon.loading')}</p>}
      {loaded.state === 'error' && <p role="alert">{monitoringError(loaded.code)}</p>}
      {loaded.state === 'ready' &&
        (desa ? (
          <SilentLearners learners={loaded.data.learners} total={desaLearners} days={days} />
        ) : (
          <Villages villages={loaded.data.villages} days={days} />
        ))}
      {loaded.state === 'ready' && loaded.data.truncated && <p>{t('mon.silent.truncated')}</p>}
    </section>
  );
}

/** One line, only when a hub is silent: most reports have none to show. */
function SilentHubs({ hubs }: { hubs: SilentHub[] }) {
  if (hubs.length === 0) return null;
  return (
    <div class="notice" role="status" data-testid="silent-hubs">
      <p>{t('mon.silentHubs.line', { count: formatNumber(hubs.length, 0) })}</p>
      <ul>
        {hubs.map((h) => {
          const where = { name: h.name, kecamatan: h.kecamatan ?? h.kecamatanCode };
          return (
            <li key={h.hubId}>
              {h.lastSeenAt === null
                ? t('mon.silentHubs.never', where)
                : t('mon.silentHubs.lastSeen', { ...where, when: formatSyncTime(h.lastSeenAt) })}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

const lastSync = (iso: string | null) => (iso === null ? t('mon.never') : formatSyncTime(iso));
const daysSilent = (n: number | null) => (n === null ? '–' : formatNumber(n, 0));

function SilentLearners({ learners, total, days }: { learners: SilentLearner[]; total: number; days: number }) {
  if (total === 0) return <p>{t('mon.silentLearners.noLearners')}</p>;
  if (learners.length === 0) return <p>{t('mon.silentLearners.none', { days })}</p>;
  return (
    <>
      <p data-testid="silent-learners-count">
        {t('mon.silentLearners.count', { silent: learners.length, total, days })}
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
            {learners.map((l) => (
              <tr key={l.id}>
                <td>
                  {l.name} <small>{l.username}</small>
                </td>
                <td>{lastSync(l.lastSyncAt)}</td>
                <td>{daysSilent(l.daysSilent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Villages({ villages, days }: { villages: SilentVillage[]; days: number }) {
  if (villages.length === 0) return <p>{t('mon.silent.none', { days })}</p>;
  return (
    <div class="monitoring__scroll">
      <table class="monitoring__table" data-testid="silent-villages">
        <thead>
          <tr>
            <th>{t('mon.col.desa')}</th>
            <th>{t('mon.col.kecamatan')}</th>
            <th>{t('mon.col.silentLearners')}</th>
            <th>{t('mon.col.lastSync')}</th>
            <th>{t('mon.col.daysSilent')}</th>
          </tr>
        </thead>
        <tbody>
          {villages.map((v) => (
            <tr key={v.code}>
              <td>
                <a href={`/pantau/${v.code}`}>{v.name}</a> <small>{v.code}</small>
              </td>
              <td>{v.kecamatan ?? '–'}</td>
              <td>
                {t('mon.silent.ofLearners', {
                  silent: formatNumber(v.silentLearners, 0),
                  total: formatNumber(v.learners, 0),
                })}
              </td>
              <td>{lastSync(v.lastSyncAt)}</td>
              <td>{daysSilent(v.daysSilent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
