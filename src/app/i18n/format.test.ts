import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatNumber, formatPercent } from './format';
import { setLanguage } from './t';

// 1 December 2026, 09:09 in the test machine's zone.
const WHEN = new Date(2026, 11, 1, 9, 9).getTime();

describe('formatting follows the interface language', () => {
  afterEach(() => setLanguage('id'));

  it('writes dates and numbers the Indonesian way in Bahasa Indonesia', () => {
    setLanguage('id');
    expect(formatDateTime(WHEN)).toBe('1 Des 2026, 09.09');
    expect(formatNumber(10740.25)).toBe('10.740,3');
    expect(formatPercent(87.5)).toBe('87,5%');
    expect(formatBytes(10_740_200_000)).toBe('10,7 GB');
  });

  it('writes dates and numbers the English way in English', () => {
    setLanguage('en');
    expect(formatDateTime(WHEN)).toBe('1 Dec 2026, 09:09');
    expect(formatDateTime(new Date(WHEN).toISOString())).toBe('1 Dec 2026, 09:09');
    expect(formatNumber(10740.25)).toBe('10,740.3');
    expect(formatPercent(87.5)).toBe('87.5%');
    expect(formatBytes(10_740_200_000)).toBe('10.7 GB');
  });

  it('sizes use one scale everywhere: bytes up to gigabytes, one decimal below 100', () => {
    setLanguage('en');
    expect([0, 999, 1_234, 1_234_567, 123_456_789, 10_740_200_000].map(formatBytes)).toEqual([
      '0 B',
      '999 B',
      '1.2 KB',
      '1.2 MB',
      '123 MB',
      '10.7 GB',
    ]);
  });

  it('shows "–" for a missing figure or time, never a misleading 0', () => {
    expect(formatNumber(null)).toBe('–');
    expect(formatDateTime(null)).toBe('–');
  });
});

describe('no screen formats numbers or dates on its own', () => {
  // The class of the bug "dates still Indonesian in English": a hard-coded locale, or a formatter
  // built outside the one module keyed by the interface language.
  const appDir = join(__dirname, '..');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return files(path);
      return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
    });

  it('names no locale and calls no toLocale*String outside src/app/i18n', () => {
    const offenders = files(appDir)
      .filter((path) => !path.includes(join('app', 'i18n')))
      .filter((path) => /\btoLocale\w*String\(|['"](?:id-ID|en-GB|en-US)['"]/.test(readFileSync(path, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
