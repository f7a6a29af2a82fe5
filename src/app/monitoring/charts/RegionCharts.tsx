import '../../i18n/staff-messages';
import type { RegionChartsResponse } from '../../../shared/monitoring/region-charts';
import { apiErrorMessage } from '../../api/api-error-message';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { t } from '../../i18n/t';
import { fetchRegionCharts } from '../learners-api';
import { useApi } from '../use-api';
import { CourseBarsChart } from './CourseBarsChart';
import { PairedScoresChart } from './PairedScoresChart';
import { WeeklyActiveChart } from './WeeklyActiveChart';
import './region-charts.css';

/** The region's four charts, each a figure with a visible title, its definition and its units. */
export function RegionCharts({ token, code }: { token: string; code: string }) {
  const charts = useApi(`charts:${code}`, () => fetchRegionCharts(token, code));
  if (charts.state === 'loading') return <p>{t('mon.loading')}</p>;
  if (charts.state === 'error') return <p role="alert">{t(apiErrorMessage(charts.code))}</p>;
  return <Charts data={charts.data} />;
}

function Charts({ data }: { data: RegionChartsResponse }) {
  const byLearner = data.region.level >= 4;
  const total = data.scoresTotal;
  const paired = data.scores.filter((s) => s.pairs > 0);
  const unpaired = data.scores.filter((s) => s.pairs === 0);
  return (
    <section class="region-charts" aria-labelledby="charts-title" data-testid="region-charts">
      <h2 id="charts-title">{t('chart.title', { region: data.region.name })}</h2>
      <p class="region-charts__as-of">{t('chart.generated', { time: formatDateTime(data.generatedAt) })}</p>
      <div class="region-charts__grid">
        <figure class="region-charts__figure">
          <h3 id="chart-scores-title">{t(byLearner ? 'chart.scores.titleLearners' : 'chart.scores.title')}</h3>
          <figcaption>
            {t('chart.scores.caption', {
              pre: formatNumber(total.pretestAvg),
              post: formatNumber(total.posttestAvg),
              pairs: total.pairs,
            })}
          </figcaption>
          {/* Only regions with pairs get bars; the others are named under the chart, not drawn empty. */}
          <PairedScoresChart rows={[total, ...paired]} titleId="chart-scores-title" />
          {unpaired.length > 0 && (
            <p class="region-charts__note" data-testid="chart-scores-unpaired">
              {t('chart.scores.unpaired', { count: unpaired.length, names: unpaired.map((s) => s.label).join(', ') })}
            </p>
          )}
        </figure>
        <figure class="region-charts__figure">
          <h3 id="chart-weekly-title">{t('chart.weekly.title')}</h3>
          <figcaption>{t('chart.weekly.caption', { weeks: data.weeklyActive.length })}</figcaption>
          <WeeklyActiveChart weeks={data.weeklyActive} titleId="chart-weekly-title" />
        </figure>
        <figure class="region-charts__figure">
          <h3 id="chart-completion-title">{t('chart.completion.title')}</h3>
          <figcaption>{t('chart.completion.caption')}</figcaption>
          {data.courses.length === 0 ? (
            <p>{t('chart.noCourses')}</p>
          ) : (
            <CourseBarsChart
              titleId="chart-completion-title"
              testId="chart-completion"
              percent
              axis={t('chart.completion.axis')}
              bars={data.courses.map((c) => {
                const pct = c.started > 0 ? (100 * c.completed) / c.started : null;
                return {
                  key: c.courseId,
                  label: c.title,
                  value: pct,
                  text:
                    pct === null
                      ? t('chart.completion.none')
                      : t('chart.completion.value', {
                          completed: c.completed,
                          started: c.started,
                          pct: formatNumber(pct, 0),
                        }),
                };
              })}
            />
          )}
        </figure>
        <figure class="region-charts__figure">
          <h3 id="chart-certificates-title">{t('chart.certificates.title')}</h3>
          <figcaption>{t('chart.certificates.caption')}</figcaption>
          {data.courses.length === 0 ? (
            <p>{t('chart.noCourses')}</p>
          ) : (
            <CourseBarsChart
              titleId="chart-certificates-title"
              testId="chart-certificates"
              percent={false}
              axis={t('chart.certificates.axis')}
              bars={data.courses.map((c) => ({
                key: c.courseId,
                label: c.title,
                value: c.certificates,
                text: t('chart.certificates.value', { count: c.certificates }),
              }))}
            />
          )}
        </figure>
      </div>
    </section>
  );
}
