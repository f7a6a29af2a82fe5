/** Width of every chart's drawing, in SVG units: a phone shows it near 1:1, a projector scales it up. */
export const CHART_WIDTH = 360;

/**
 * Round axis ticks from 0 to at least `max`: 0, 1, 2 … for small counts, steps of 2, 2.5, 5, 10 … above.
 * @example niceTicks(7) // [0, 2, 4, 6, 8]
 */
export function niceTicks(max: number, count = 4): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  // 2.5 only from 25 up: a step of 2.5 people would be drawn as 3.
  const steps = power >= 10 ? [1, 2, 2.5, 5, 10] : [1, 2, 5, 10];
  const step = steps.map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const whole = Math.max(1, Math.round(step));
  const top = Math.ceil(max / whole) * whole;
  return Array.from({ length: top / whole + 1 }, (_, i) => i * whole);
}

/** Cuts a label to `max` characters with an ellipsis; the full text stays in the SVG `<title>`. */
export const clip = (label: string, max: number) => (label.length > max ? `${label.slice(0, max - 1)}…` : label);
