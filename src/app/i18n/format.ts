// Every number, size, percentage and date the interface shows goes through here, so each follows
// the interface language (Bahasa Indonesia "1 Des 2026 09.09", "10,7 GB"; English "1 Dec 2026, 09:09",
// "10.7 GB") and one quantity never reads two ways on two screens.
import { locale } from './t';

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale()}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale(), options)));
  return format;
}

/** A plain figure, at most `digits` decimals: "87,5" / "87.5"; "–" for a missing figure (not a misleading 0). */
export function formatNumber(n: number | null, digits = 1): string {
  return n === null ? '–' : numberFormat({ maximumFractionDigits: digits }).format(n);
}

/** A score as the learner's language writes it: "87,5%" in Bahasa Indonesia. */
export function formatPercent(percent: number): string {
  return numberFormat({ style: 'percent', maximumFractionDigits: 1 }).format(percent / 100);
}

/** A date and time (epoch ms, ISO text or Date) as the interface language writes it; "–" for none. */
export function formatDateTime(when: number | string | Date | null): string {
  if (when === null) return '–';
  const ms = typeof when === 'number' ? when : new Date(when).getTime();
  if (!Number.isFinite(ms)) return '–';
  let format = dateFormats.get(locale());
  if (!format) {
    format = new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' });
    dateFormats.set(locale(), format);
  }
  return format.format(ms);
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * A byte count as a short size in decimal units, as phone settings show storage: "1,2 MB",
 * "10,7 GB". One decimal below 100 of a unit, none above; the one formatter for every size.
 */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${numberFormat({ maximumFractionDigits: digits }).format(value)} ${UNITS[unit]}`;
}
