import { locale } from '../i18n/t';

/** A figure that may be missing ("–" rather than a misleading 0). */
export function formatNumber(n: number | null, digits = 1): string {
  return n === null ? '–' : new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);
}

/** A sync time in the reader's language, or "–" for never. */
export function formatSyncTime(iso: string | null): string {
  return iso === null
    ? '–'
    : new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
