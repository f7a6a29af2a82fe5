import '../i18n/staff-messages';
import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { Profile } from '../../db/profile';
import type { RegionReportResponse } from '../../shared/monitoring/region-report';
import { t } from '../i18n/t';
import { RegionCharts } from './charts/RegionCharts';
import { formatNumber, formatSyncTime } from './format-report';
import { downloadReportCsv, fetchMyRegion, fetchProvinces, fetchRegionReport } from './monitoring-api';
import { RegionSearch } from './RegionSearch';
import { ReportTable } from './ReportTable';
import { SilentVillages } from './SilentVillages';
import { monitoringError, StaffGate } from './StaffGate';
import { useApi } from './use-api';

/** `/pantau` and `/pantau/:code`: the region report, drilled down region by region (lazy chunk). */
export function PantauScreen() {
  return <StaffGate roles={['monitor', 'operator', 'admin']}>{(profile) => <Pantau profile={profile} />}</StaffGate>;
}

function Pantau({ profile }: { profile: Profile }) {
  const code = useRoute().params.code;
  return (
    <>
      <StaffLinks profile={profile} code={code ?? null} />
      {code ? <RegionView token={profile.token} code={code} /> : <StartView token={profile.token} />}
    </>
  );
}

/** Where else this account may go: the audit log (monitor, admin), staff accounts (admin). */
function StaffLinks({ profile, code }: { profile: Profile; code: string | null }) {
  if (profile.role === 'operator') return null;
  return (
    <nav class="staff-links monitoring__actions" aria-label={t('admin.links')}>
      <a href={code ? `/audit?wilayah=${code}` : '/audit'}>{t('audit.title')}</a>
      {profile.role === 'admin' && (
        <>
          {' · '}
          <a href="/admin">{t('admin.title')}</a>
        </>
      )}
    </nav>
  );
}

/** Without a code: jump to the caller's region, or let admin choose a province. */
function StartView({ token }: { token: string }) {
  const { route } = useLocation();
  const mine = useApi('mine', () => fetchMyRegion(token));
  const provinces = useApi(mine.state === 'ready' && mine.data.region === null ? 'provinces' : null, () =>
    fetchProvinces(token),
  );
  const own = mine.state === 'ready' ? (mine.data.region?.code ?? null) : null;
  useEffect(() => {
    if (own) route(`/pantau/${own}`, true);
  }, [own, route]);
  return (
    <section class="monitoring">
      <h1>{t('mon.title')}</h1>
      {mine.state === 'error' && <p role="alert">{monitoringError(mine.code)}</p>}
      {provinces.state === 'ready' && (
        <ul class="monitoring__list">
          {provinces.data.regions.map((r) => (
            <li key={r.code}>
              <a href={`/pantau/${r.code}`}>{r.name}</a>
            </li>
          ))}
        </ul>
      )}
      {mine.state === 'loading' && <p>{t('mon.loading')}</p>}
    </section>
  );
}

function RegionView({ token, code }: { token: string; code: string }) {
  const report = useApi(code, () => fetchRegionReport(token, code));
  const mine = useApi('mine', () => fetchMyRegion(token));
  return (
    <section class="monitoring" aria-busy={report.state === 'loading'}>
      {mine.state === 'ready' && <RegionSearch token={token} within={mine.data.region?.code ?? null} />}
      {report.state === 'loading' && <p>{t('mon.loading')}</p>}
      {report.state === 'error' && (
        <>
          <h1>{t('mon.title')}</h1>
          <p role="alert">{monitoringError(report.code)}</p>
        </>
      )}
      {report.state === 'ready' && <ReportView token={token} report={report.data} />}
      {/* A desa's silent learners come with its report; a larger region asks for its silent desa. */}
      {report.state === 'ready' && (
        <SilentVillages
          token={token}
          code={code}
          desaLearners={report.data.region.level >= 4 ? report.data.totals.learners : undefined}
        />
      )}
    </section>
  );
}

const LEVELS = ['', 'mon.level.1', 'mon.level.2', 'mon.level.3', 'mon.level.4'] as const;

function ReportView({ token, report }: { token: string; report: RegionReportResponse }) {
  const [delimiter, setDelimiter] = useState<'semicolon' | 'comma'>('semicolon');
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const { region, totals } = report;
  const level = LEVELS[region.level];
  async function download() {
    setDownloadError(null);
    const result = await downloadReportCsv(token, region.code, delimiter);
    if (!result.ok) setDownloadError(monitoringError(result.code));
  }
  return (
    <>
      <nav aria-label={t('mon.breadcrumb')} class="monitoring__crumbs">
        {report.ancestors.map((a) => (
          <span key={a.code}>
            <a href={`/pantau/${a.code}`}>{a.name}</a> ›{' '}
          </span>
        ))}
      </nav>
      <h1>
        {region.name}{' '}
        <small>
          {level ? t(level) : ''} · {region.code}
        </small>
      </h1>
      {/* Reports may come from a replica that lags the primary: say how fresh they are. */}
      <p class="monitoring__as-of" data-testid="data-as-of">
        {report.dataAsOf ? t('mon.dataAsOf', { time: formatSyncTime(report.dataAsOf) }) : t('mon.dataAsOf.unknown')}
      </p>
      <dl class="monitoring__stats">
        <div>
          <dt>{t('mon.col.learners')}</dt>
          <dd data-testid="stat-learners">{formatNumber(totals.learners, 0)}</dd>
        </div>
        <div>
          <dt>{t('mon.col.active')}</dt>
          <dd>{formatNumber(totals.active30d, 0)}</dd>
        </div>
        <div>
          <dt>{t('mon.col.completion')}</dt>
          <dd>{formatNumber(totals.completionPct)}</dd>
        </div>
        <div>
          <dt>{t('mon.col.gain')}</dt>
          <dd>
            {formatNumber(totals.pretestAvg)} → {formatNumber(totals.posttestAvg)} ({formatNumber(totals.gain)})
          </dd>
        </div>
      </dl>
      <RegionCharts token={token} code={region.code} />
      <ReportTable report={report} />
      <div class="monitoring__actions">
        <label class="monitoring__inline">
          {t('mon.csv.delimiter')}
          <select value={delimiter} onChange={(e) => setDelimiter(e.currentTarget.value as 'semicolon' | 'comma')}>
            <option value="semicolon">{t('mon.csv.semicolon')}</option>
            <option value="comma">{t('mon.csv.comma')}</option>
          </select>
        </label>
        <button type="button" class="button button--primary" onClick={() => void download()}>
          {t('mon.csv.download')}
        </button>
        {downloadError && <p role="alert">{downloadError}</p>}
      </div>
    </>
  );
}
