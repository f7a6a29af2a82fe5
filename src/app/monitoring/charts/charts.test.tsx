import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { PairedScores, WeeklyActive } from '../../../shared/monitoring/region-charts';
import { setLanguage } from '../../i18n/t';
import { CourseBarsChart } from './CourseBarsChart';
import { PairedScoresChart } from './PairedScoresChart';
import { WeeklyActiveChart } from './WeeklyActiveChart';

const svgText = () => Array.from(document.body.querySelectorAll('svg text'), (el) => el.textContent);

describe('monitor charts', () => {
  afterEach(() => {
    render(null, document.body);
    setLanguage('id');
  });

  it('paired scores: each row writes its label, its pairs and both values on a named 0–100 axis', () => {
    const rows: PairedScores[] = [
      { key: '', label: 'KABUPATEN BANTUL', pairs: 2, pretestAvg: 60, posttestAvg: 80 },
      { key: '34.02.01', label: 'Srandakan', pairs: 1, pretestAvg: 40.5, posttestAvg: 90 },
    ];
    render(<PairedScoresChart rows={rows} titleId="t" />, document.body);
    const text = svgText();
    expect(text).toEqual(
      expect.arrayContaining(['Srandakan', '1 pasangan', '40,5', '90', 'Skor rata-rata (0–100)', 'Pre-test (pertama)']),
    );
    expect(document.body.querySelector('svg')!.getAttribute('aria-labelledby')).toBe('t');
    // 90 of 100 on a plot 326 units wide.
    const post = document.body.querySelectorAll('rect.chart__bar--post');
    expect(Number(post[post.length - 1]!.getAttribute('width'))).toBeCloseTo(293.4, 1);
  });

  it('paired scores in English', () => {
    setLanguage('en');
    render(
      <PairedScoresChart rows={[{ key: '', label: 'X', pairs: 0, pretestAvg: null, posttestAvg: null }]} titleId="t" />,
      document.body,
    );
    expect(svgText()).toEqual(
      expect.arrayContaining(['Mean score (0–100)', '0 pairs', 'no pre-test and post-test pair yet']),
    );
  });

  it('weekly columns: every week labelled day/month with its count, the axis scaled to the busiest week', () => {
    const weeks: WeeklyActive[] = [
      { weekStart: '2026-11-16', learners: 0 },
      { weekStart: '2026-11-23', learners: 7 },
      { weekStart: '2026-11-30', learners: 3 },
    ];
    render(<WeeklyActiveChart weeks={weeks} titleId="w" />, document.body);
    const text = svgText();
    expect(text).toEqual(expect.arrayContaining(['16/11', '23/11', '30/11', '0', '7', '3', 'Peserta (orang)']));
    expect(text).toContain('8'); // ticks 0, 2, 4, 6, 8
  });

  it('course bars: a value with no room beside its bar is written inside it', () => {
    render(
      <CourseBarsChart
        titleId="c"
        testId="c"
        percent
        axis="%"
        bars={[
          { key: 'a', label: 'Keuangan', value: 100, text: '3 dari 3 (100%)' },
          { key: 'b', label: 'Perencanaan', value: 10, text: '1 dari 10 (10%)' },
        ]}
      />,
      document.body,
    );
    const inside = document.body.querySelectorAll('.chart__value--inside');
    expect(Array.from(inside, (el) => el.textContent)).toEqual(['3 dari 3 (100%)']);
    expect(svgText()).toContain('1 dari 10 (10%)');
  });
});
