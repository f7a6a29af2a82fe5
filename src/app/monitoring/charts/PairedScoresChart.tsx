import '../../i18n/staff-messages';
import type { PairedScores } from '../../../shared/monitoring/region-charts';
import { formatNumber } from '../../i18n/format';
import { t } from '../../i18n/t';
import { CHART_WIDTH, clip } from './chart-scale';

const ROW = 48;
const TOP = 30;
const AXIS = 34;
const VALUE_SPACE = 34;

/**
 * Pre-test beside post-test per region, over the same (learner, course) pairs: two bars per row on
 * a 0–100 score axis, each with its value, the row's label and its number of pairs written out.
 */
export function PairedScoresChart({ rows, titleId }: { rows: PairedScores[]; titleId: string }) {
  const plot = CHART_WIDTH - VALUE_SPACE;
  const x = (score: number) => (Math.max(0, Math.min(100, score)) / 100) * plot;
  const height = TOP + rows.length * ROW + AXIS;
  const top = 100;
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={titleId}
      viewBox={`0 0 ${CHART_WIDTH} ${height}`}
      data-testid="chart-scores"
    >
      <g class="chart__legend">
        <rect x={0} y={4} width={12} height={12} class="chart__bar--pre" />
        <text x={16} y={14}>
          {t('chart.scores.pre')}
        </text>
        <rect x={170} y={4} width={12} height={12} class="chart__bar--post" />
        <text x={186} y={14}>
          {t('chart.scores.post')}
        </text>
      </g>
      {[0, 25, 50, 75, 100].map((tick) => (
        <g key={tick}>
          <line x1={x(tick)} x2={x(tick)} y1={TOP} y2={height - AXIS + 4} class="chart__grid" />
          <text
            x={x(tick)}
            y={height - AXIS + 16}
            text-anchor={tick === 0 ? 'start' : tick === top ? 'end' : 'middle'}
            class="chart__tick"
          >
            {tick}
          </text>
        </g>
      ))}
      <text x={plot / 2} y={height - 4} text-anchor="middle" class="chart__axis-title">
        {t('chart.scores.axis')}
      </text>
      {rows.map((row, i) => {
        const y = TOP + i * ROW;
        const empty = row.pairs === 0 || row.pretestAvg === null || row.posttestAvg === null;
        return (
          <g key={row.key} data-testid="chart-scores-row">
            <title>
              {row.label}:{' '}
              {t('chart.scores.rowTitle', {
                pre: formatNumber(row.pretestAvg),
                post: formatNumber(row.posttestAvg),
                pairs: row.pairs,
              })}
            </title>
            <text x={0} y={y + 12} class="chart__label">
              {clip(row.label, 30)}
            </text>
            <text x={CHART_WIDTH} y={y + 12} text-anchor="end" class="chart__note">
              {t('chart.scores.pairs', { count: row.pairs })}
            </text>
            {empty ? (
              <text x={0} y={y + 32} class="chart__note">
                {t('chart.scores.noPairs')}
              </text>
            ) : (
              <>
                <rect x={0} y={y + 17} width={x(row.pretestAvg!)} height={11} class="chart__bar--pre" />
                <text x={x(row.pretestAvg!) + 4} y={y + 27} class="chart__value">
                  {formatNumber(row.pretestAvg)}
                </text>
                <rect x={0} y={y + 31} width={x(row.posttestAvg!)} height={11} class="chart__bar--post" />
                <text x={x(row.posttestAvg!) + 4} y={y + 41} class="chart__value">
                  {formatNumber(row.posttestAvg)}
                </text>
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
}
