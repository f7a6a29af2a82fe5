import '../../i18n/staff-messages';
import type { WeeklyActive } from '../../../shared/monitoring/region-charts';
import { t } from '../../i18n/t';
import { CHART_WIDTH, niceTicks } from './chart-scale';

const HEIGHT = 236;
const LEFT = 30;
const TOP = 22;
// Room for the week labels, turned 45° so twelve of them fit a phone's width without touching.
const BOTTOM = 58;

/** A week's Monday as "6/10" (day/month, as both languages write it): twelve fit under the columns on a phone. */
const shortDate = (iso: string) => {
  const [, month, day] = iso.split('-').map(Number);
  return `${day}/${month}`;
};

/** Active learners per week as columns with their count on top, weeks labelled by their Monday. */
export function WeeklyActiveChart({ weeks, titleId }: { weeks: WeeklyActive[]; titleId: string }) {
  const ticks = niceTicks(Math.max(...weeks.map((w) => w.learners), 0));
  const top = ticks[ticks.length - 1]!;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const y = (n: number) => TOP + plotHeight - (n / top) * plotHeight;
  const slot = (CHART_WIDTH - LEFT) / weeks.length;
  const bar = Math.min(20, slot * 0.7);
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={titleId}
      viewBox={`0 0 ${CHART_WIDTH} ${HEIGHT}`}
      data-testid="chart-weekly"
    >
      <text x={0} y={12} class="chart__axis-title">
        {t('chart.weekly.unit')}
      </text>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={LEFT} x2={CHART_WIDTH} y1={y(tick)} y2={y(tick)} class="chart__grid" />
          <text x={LEFT - 4} y={y(tick) + 4} text-anchor="end" class="chart__tick">
            {tick}
          </text>
        </g>
      ))}
      {weeks.map((w, i) => {
        const cx = LEFT + slot * i + slot / 2;
        return (
          <g key={w.weekStart} data-testid="chart-weekly-column">
            <title>{t('chart.weekly.columnTitle', { week: w.weekStart, count: w.learners })}</title>
            <rect
              x={cx - bar / 2}
              y={y(w.learners)}
              width={bar}
              height={y(0) - y(w.learners)}
              class="chart__bar--post"
            />
            <text x={cx} y={y(w.learners) - 3} text-anchor="middle" class="chart__value">
              {w.learners}
            </text>
            <text
              x={cx + 3}
              y={HEIGHT - BOTTOM + 12}
              text-anchor="end"
              transform={`rotate(-45 ${cx + 3} ${HEIGHT - BOTTOM + 12})`}
              class="chart__tick"
            >
              {shortDate(w.weekStart)}
            </text>
          </g>
        );
      })}
      <text x={LEFT + (CHART_WIDTH - LEFT) / 2} y={HEIGHT - 6} text-anchor="middle" class="chart__axis-title">
        {t('chart.weekly.axis')}
      </text>
    </svg>
  );
}
