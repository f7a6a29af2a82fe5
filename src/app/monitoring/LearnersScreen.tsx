import '../i18n/staff-messages';
import { useState } from 'preact/hooks';
import type { Profile } from '../../db/profile';
import type { EnrolmentCodesResponse } from '../../shared/monitoring/learner-import';
import type { RegionLearner } from '../../shared/monitoring/learner-list';
import type { Region } from '../../shared/monitoring/regions';
import { apiErrorMessage } from '../api/api-error-message';
import { formatDateTime, formatNumber } from '../i18n/format';
import { t } from '../i18n/t';
import { EnrolmentSheet } from './EnrolmentSheet';
import { LearnerDevices } from './LearnerDevices';
import { fetchRegionLearners } from './learners-api';
import { createEnrolmentCodes } from './monitoring-api';
import { RegionPicker } from './RegionPicker';
import { StaffGate } from './StaffGate';
import { useApi } from './use-api';
import { useMyRegion } from './use-my-region';
import './monitoring-tools.css';

/** `/operator/peserta`: the learners of the operator's kecamatan and their state (lazy chunk). */
export function LearnersScreen() {
  return <StaffGate roles={['operator', 'admin']}>{(profile) => <Learners profile={profile} />}</StaffGate>;
}

function Learners({ profile }: { profile: Profile }) {
  const mine = useMyRegion(profile.token);
  // Admin is bound to no region: they choose the kecamatan (or desa) to look at.
  const [picked, setPicked] = useState<Region | null>(null);
  const region = mine.state === 'ready' ? (mine.data ?? picked) : null;
  return (
    <section class="monitoring" aria-labelledby="learners-title">
      <h1 id="learners-title">{t('learners.title')}</h1>
      <p>{t('learners.intro')}</p>
      {mine.state === 'error' && <p role="alert">{t(apiErrorMessage(mine.code))}</p>}
      {mine.state === 'ready' && mine.data === null && (
        <RegionPicker
          token={profile.token}
          id="learners-region"
          label={t('learners.region')}
          value={picked}
          onChange={setPicked}
          levels={[3, 4]}
        />
      )}
      {region && <LearnerList token={profile.token} region={region} />}
      <p class="monitoring__actions">
        <a href="/operator">{t('learners.back')}</a> · <a href="/operator/sinkron">{t('synced.title')}</a>
      </p>
    </section>
  );
}

function LearnerList({ token, region }: { token: string; region: Region }) {
  const [reload, setReload] = useState(0);
  const list = useApi(`${region.code}#${reload}`, () => fetchRegionLearners(token, region.code));
  const [filter, setFilter] = useState('');
  const [sheet, setSheet] = useState<EnrolmentCodesResponse | null>(null);
  const [devicesOf, setDevicesOf] = useState<RegionLearner | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function printSheet(usernames: string[]) {
    setError(null);
    const answer = await createEnrolmentCodes(token, usernames);
    if (answer.ok) setSheet(answer.data);
    else setError(t(apiErrorMessage(answer.code)));
  }

  if (list.state === 'loading') return <p>{t('mon.loading')}</p>;
  if (list.state === 'error') return <p role="alert">{t(apiErrorMessage(list.code))}</p>;
  const text = filter.trim().toLowerCase();
  const shown = list.data.learners.filter(
    (l) =>
      !text ||
      l.name.toLowerCase().includes(text) ||
      l.username.includes(text) ||
      (l.desaName ?? '').toLowerCase().includes(text),
  );
  const notActivated = list.data.learners.filter((l) => l.activatedAt === null);
  return (
    <div class="monitoring__section">
      <h2>
        {region.name} <small>{region.code}</small>
      </h2>
      <p role="status" data-testid="learners-summary">
        {t('learners.summary', {
          count: list.data.learners.length,
          activated: list.data.learners.length - notActivated.length,
        })}
      </p>
      {list.data.truncated && <p>{t('learners.truncated')}</p>}
      <div class="monitoring__actions learners__tools">
        <label class="monitoring__inline">
          {t('learners.filter')}
          <input type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
        </label>
        <button type="button" class="button" onClick={() => setReload((n) => n + 1)}>
          {t('learners.refresh')}
        </button>
        {notActivated.length > 0 && (
          <button type="button" class="button" onClick={() => void printSheet(notActivated.map((l) => l.username))}>
            {t('learners.sheetAll', { count: notActivated.length })}
          </button>
        )}
      </div>
      {error && <p role="alert">{error}</p>}
      <div class="monitoring__scroll">
        <table class="monitoring__table" data-testid="learners-table">
          <caption class="visually-hidden">{t('learners.caption', { region: region.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('learners.col.name')}</th>
              <th scope="col">{t('learners.col.desa')}</th>
              <th scope="col">{t('learners.col.enrolled')}</th>
              <th scope="col">{t('learners.col.phone')}</th>
              <th scope="col">{t('learners.col.lastSync')}</th>
              <th scope="col">{t('learners.col.courses')}</th>
              <th scope="col">{t('learners.col.scores')}</th>
              <th scope="col">{t('learners.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((l) => (
              <tr key={l.id} data-testid="learner-row" data-username={l.username}>
                <th scope="row">
                  {l.name}
                  <br />
                  <small>
                    {l.username}
                    {l.jabatan ? ` · ${l.jabatan}` : ''}
                  </small>
                </th>
                <td>{l.desaName ?? l.desaCode}</td>
                <td>{formatDateTime(l.enrolledAt)}</td>
                <td data-testid="activation">
                  {l.activatedAt
                    ? t('learners.activated', { date: formatDateTime(l.activatedAt) })
                    : t('learners.notActivated')}
                </td>
                <td>{formatDateTime(l.figures.lastSyncAt)}</td>
                <td>
                  {t('learners.courses', { completed: l.figures.coursesCompleted, started: l.figures.coursesStarted })}
                </td>
                <td>
                  {formatNumber(l.figures.pretestAvg)} → {formatNumber(l.figures.posttestAvg)}
                </td>
                <td class="learners__row-actions">
                  <button type="button" class="button" onClick={() => void printSheet([l.username])}>
                    {t('learners.reissue')}
                  </button>
                  <button
                    type="button"
                    class="button"
                    aria-expanded={devicesOf?.id === l.id}
                    onClick={() => setDevicesOf(devicesOf?.id === l.id ? null : l)}
                  >
                    {t('learners.devices')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {devicesOf && <LearnerDevices token={token} learner={devicesOf} onClose={() => setDevicesOf(null)} />}
      {sheet && <EnrolmentSheet result={sheet} large={sheet.rows.length === 1} />}
    </div>
  );
}
