import type { DownloadErrorCode } from '../../db/course-records';

export type { DownloadErrorCode } from '../../db/course-records';

/** A download failure that will not fix itself by retrying (except `offline`/`server_error`). */
export class DownloadProblem extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    readonly file?: string,
  ) {
    super(file ? `${code}: ${file}` : code);
  }

  /** Dropped signal or a struggling server: wait and try again from where we stopped. */
  get transient(): boolean {
    return this.code === 'offline' || this.code === 'server_error';
  }
}

/** Maps an HTTP status to a problem code. */
export function problemForStatus(status: number): DownloadProblem {
  if (status === 401 || status === 403) return new DownloadProblem('unauthorized');
  if (status === 410) return new DownloadProblem('course_withdrawn');
  if (status === 404) return new DownloadProblem('course_not_found');
  return new DownloadProblem('server_error');
}

/** True for IndexedDB's "disk full" in its several spellings (DOMException, Dexie wrapper). */
export function isQuotaError(err: unknown): boolean {
  const e = err as { name?: string; inner?: { name?: string } } | null;
  return e?.name === 'QuotaExceededError' || e?.inner?.name === 'QuotaExceededError';
}
