import { CHART_WIDTH, clip, niceTicks } from './chart-scale';

export interface CourseBar {
  key: string;
  label: string;
  /** Bar length on the axis (a percentage, or a count). */
  value: number | null;
  /** What is written beside the bar, units included ("1 dari 3 (33%)", "12 sertifikat"). */
  text: string;
}

const ROW = 40;
/** Rough width of one character of a value label, in SVG units (12 px text). */
const TEXT_EM = 6.6;
const AXIS = 34;

/**
 * One labelled horizontal bar per course, its value written out beside it, on an axis whose unit
 * is named under it (`axis`); `percent` fixes the axis at 0–100.
 */
export function CourseBarsChart({
  bars,
  axis,
  percent,
  titleId,
  testId,
}: {
  bars: CourseBar[];
  axis: string;
  percent: boolean;
  titleId: string;
  testId: string;
}) {
  const ticks = percent ? [0, 25, 50, 75, 100] : niceTicks(Math.max(...bars.map((b) => b.value ?? 0), 0));
  const top = ticks[ticks.length - 1]!;
  const plot = CHART_WIDTH - 8;
  const x = (v: number) => (Math.max(0, Math.min(top, v)) / top) * plot;
  const height = bars.length * ROW + AXIS + 4;
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={titleId}
      viewBox={`0 0 ${CHART_WIDTH} ${height}`}
      data-testid={testId}
    >
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={x(tick)} x2={x(tick)} y1={0} y2={height - AXIS + 4} class="chart__grid" />
          <text
            x={x(tick)}
            y={height - AXIS + 16}
            text-anchor={tick === 0 ? 'start' : tick === top ? 'end' : 'middle'}
            class="chart__tick"
          >
            {percent ? `${tick}%` : tick}
          </text>
        </g>
      ))}
      <text x={plot / 2} y={height - 4} text-anchor="middle" class="chart__axis-title">
        {axis}
      </text>
      {bars.map((b, i) => {
        const y = i * ROW + 4;
        const end = b.value === null ? 0 : x(b.value);
        return (
          <g key={b.key}>
            <title>
              {b.label}: {b.text}
            </title>
            <text x={0} y={y + 12} class="chart__label">
              {clip(b.label, 34)}
            </text>
            <rect x={0} y={y + 18} width={end} height={13} class="chart__bar--post" />
            {/* The value goes beside the bar, or inside its end when there is no room left beside it. */}
            {end + 4 + b.text.length * TEXT_EM > CHART_WIDTH ? (
              <text x={end - 4} y={y + 29} text-anchor="end" class="chart__value chart__value--inside">
                {b.text}
              </text>
            ) : (
              <text x={end + 4} y={y + 29} class="chart__value">
                {b.text}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
