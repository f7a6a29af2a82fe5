// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { RESULT_KEYS } from '../../../bench/result-keys';
import { resultsJson, type BenchRun } from '../../../bench/results-file';
import { median, percentile } from '../../../bench/stats';

const run = (figures: Record<string, number>, absent: Record<string, string> = {}): BenchRun => ({
  mode: 'quick',
  figures,
  absent,
  details: {},
  machine: { cores: 2 },
  versions: { node: '20' },
  date: '2026-11-23T00:00:00.000Z',
});

describe('bench statistics', () => {
  it('p95 of 1..200 is the 190th smallest value (nearest rank), whatever the input order', () => {
    const values = Array.from({ length: 200 }, (_, i) => 200 - i);
    expect(percentile(values, 95)).toBe(190);
    expect(percentile(values, 99)).toBe(198);
    expect(percentile(values, 100)).toBe(200);
    expect(percentile([7], 50)).toBe(7);
  });

  it('median averages the two middle values of an even sample', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses an empty sample or a percentile outside 0..100', () => {
    expect(() => percentile([], 95)).toThrow('empty');
    expect(() => median([])).toThrow('empty');
    expect(() => percentile([1], 101)).toThrow('outside');
  });
});

describe('bench results file', () => {
  const all = Object.fromEntries(RESULT_KEYS.map(({ key }, i) => [key, i + 1]));

  it('has exactly the result keys first, then extras, absent reasons, mode, machine, versions and date', () => {
    const json = resultsJson(run({ ...all, extra_figure: 3 }));
    expect(Object.keys(json)).toEqual([
      ...RESULT_KEYS.map((k) => k.key),
      'extra_figure',
      'absent',
      'mode',
      'details',
      'machine',
      'versions',
      'date',
    ]);
    expect(json.absent).toEqual({});
  });

  it('leaves an unmeasured key out and keeps its reason; a key with neither is an error', () => {
    const { report_query_ms: _, ...rest } = all;
    const json = resultsJson(run(rest, { report_query_ms: 'PostgreSQL unreachable' }));
    expect(json).not.toHaveProperty('report_query_ms');
    expect(json.absent).toEqual({ report_query_ms: 'PostgreSQL unreachable' });
    expect(() => resultsJson(run(rest))).toThrow('report_query_ms was neither measured nor given a reason');
  });

  it('refuses a figure that is not a finite number', () => {
    expect(() => resultsJson(run({ ...all, answer_save_ratio: Number.NaN }))).toThrow('answer_save_ratio');
  });
});
