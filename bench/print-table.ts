// The table `npm run bench` prints: every result key with its value, target and verdict, or why it is absent.
import { RESULT_KEYS } from './result-keys';

const fmt = (v: number) =>
  Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** Renders the figures as fixed-width text lines. */
export function formatTable(figures: Record<string, number>, absent: Record<string, string>): string {
  const lines = [`${'key'.padEnd(38)} ${'value'.padStart(12)}  ${'target'.padEnd(12)} verdict`];
  for (const { key, unit, target } of RESULT_KEYS) {
    const value = figures[key];
    if (value === undefined) {
      lines.push(
        `${key.padEnd(38)} ${'—'.padStart(12)}  ${(target?.text ?? '').padEnd(12)} absent: ${absent[key] ?? '?'}`,
      );
      continue;
    }
    let verdict = '';
    let targetText = target?.text ?? '';
    if (target) verdict = target.met(value) ? 'ok' : 'MISSES';
    // "≤ 1 chunk re-fetched per cut" is relative to the measured chunk size.
    if (key === 'refetch_bytes_per_interruption' && figures.chunk_bytes !== undefined) {
      targetText = '≤ chunk';
      verdict = value <= figures.chunk_bytes ? 'ok' : 'MISSES';
    }
    lines.push(`${key.padEnd(38)} ${`${fmt(value)} ${unit}`.padStart(12)}  ${targetText.padEnd(12)} ${verdict}`);
  }
  return lines.join('\n');
}
