import { formatDateTime } from '../i18n/format';

export { formatNumber } from '../i18n/format';

/** A sync time (ISO) in the reader's language, or "–" for never. */
export function formatSyncTime(iso: string | null): string {
  return formatDateTime(iso);
}
