// Plain SVG bars: no chart library, a few hundred bytes in the lazy monitoring chunk.

export interface Bar {
  label: string;
  /** 0–100, or null for "no data" (drawn as an empty track). */
  value: number | null;
}

/** Horizontal percentage bars with their labels, readable on a laptop and a phone. */
export function BarChart({ bars, title }: { bars: Bar[]; title: string }) {
  const rowHeight = 26;
  const labelWidth = 180;
  const width = 520;
  const barWidth = width - labelWidth - 60;
  return (
    <svg
      class="bar-chart"
      role="img"
      aria-label={title}
      viewBox={`0 0 ${width} ${bars.length * rowHeight + 4}`}
      preserveAspectRatio="xMinYMin meet"
    >
      <title>{title}</title>
      {bars.map((bar, i) => {
        const y = i * rowHeight + 2;
        const w = bar.value === null ? 0 : (Math.max(0, Math.min(100, bar.value)) / 100) * barWidth;
        return (
          <g key={bar.label}>
            <text x={labelWidth - 8} y={y + 16} text-anchor="end" class="bar-chart__label">
              {bar.label.length > 24 ? `${bar.label.slice(0, 23)}…` : bar.label}
            </text>
            <rect x={labelWidth} y={y + 4} width={barWidth} height={16} class="bar-chart__track" />
            <rect x={labelWidth} y={y + 4} width={w} height={16} class="bar-chart__bar" />
            <text x={labelWidth + barWidth + 6} y={y + 16} class="bar-chart__value">
              {bar.value === null ? '–' : `${Math.round(bar.value)}%`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
