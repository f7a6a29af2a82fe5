import '../i18n/staff-messages';
import type { RegionReport, ReportFigures } from '../../shared/monitoring/region-report';
import { t } from '../i18n/t';
import { formatNumber, formatSyncTime } from './format-report';

interface Row extends ReportFigures {
  key: string;
  /** Where a click drills down to; null for a learner. */
  href: string | null;
  label: string;
  detail: string;
}

/** `perLearner`: a desa's rows are learners, where "learners enrolled" would always read 1. */
function FigureCells({ f, perLearner }: { f: ReportFigures; perLearner: boolean }) {
  return (
    <>
      {!perLearner && <td>{formatNumber(f.learners, 0)}</td>}
      <td>{formatNumber(f.active30d, 0)}</td>
      <td>{formatNumber(f.lessonsCompleted, 0)}</td>
      <td>{formatNumber(f.completionPct)}</td>
      <td>{formatNumber(f.pretestAvg)}</td>
      <td>{formatNumber(f.posttestAvg)}</td>
      <td>{formatNumber(f.gain)}</td>
      <td>{f.lastSyncAt === null ? t('mon.never') : formatSyncTime(f.lastSyncAt)}</td>
      <td>{formatNumber(f.certificates, 0)}</td>
    </>
  );
}

/** The report's rows one level down (or the desa's learners), each region linking one level further. */
export function ReportTable({ report }: { report: RegionReport }) {
  const perLearner = report.learners.length > 0 || report.region.level >= 4;
  const rows: Row[] = perLearner
    ? report.learners.map((l) => ({ ...l, key: l.id, href: null, label: l.name, detail: l.jabatan ?? l.username }))
    : report.children.map((c) => ({ ...c, key: c.code, href: `/pantau/${c.code}`, label: c.name, detail: c.code }));
  return (
    // Focusable so a keyboard user can scroll a table wider than the screen.
    <div
      class="monitoring__scroll"
      tabIndex={0}
      role="region"
      aria-label={t('mon.table.label', { name: report.region.name })}
    >
      <table class="monitoring__table" data-testid="report-table">
        <thead>
          <tr>
            <th>{perLearner ? t('mon.col.learner') : t('mon.col.region')}</th>
            {!perLearner && <th>{t('mon.col.learners')}</th>}
            <th>{t('mon.col.active')}</th>
            <th>{t('mon.col.lessons')}</th>
            <th>{t('mon.col.completion')}</th>
            <th>{t('mon.col.pretest')}</th>
            <th>{t('mon.col.posttest')}</th>
            <th>{t('mon.col.gain')}</th>
            <th>{t('mon.col.lastSync')}</th>
            <th>{t('mon.col.certificates')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">
                {r.href ? <a href={r.href}>{r.label}</a> : r.label} <small>{r.detail}</small>
              </th>
              <FigureCells f={r} perLearner={perLearner} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('mon.total')}</th>
            <FigureCells f={report.totals} perLearner={perLearner} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
