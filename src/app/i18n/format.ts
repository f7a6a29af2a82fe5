import { locale } from './t';

/** A score as the learner's language writes it: "87,5%" in Bahasa Indonesia. */
export function formatPercent(percent: number): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(percent / 100);
}

/** A date and time as the learner's language writes it. */
export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** A byte count in MB, the unit phone owners know. */
export function formatMegabytes(bytes: number): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(bytes / 1_000_000);
}
