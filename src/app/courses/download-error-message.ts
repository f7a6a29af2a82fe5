import '../i18n/screen-messages';
import type { DownloadErrorCode } from '../../db/course-records';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';

/** Every code, so a new one without a message fails the type-check. */
const KEYS: Record<DownloadErrorCode, MessageKey> = {
  offline: 'download.error.offline',
  unauthorized: 'download.error.unauthorized',
  course_withdrawn: 'download.error.course_withdrawn',
  course_not_found: 'download.error.course_not_found',
  bad_signature: 'download.error.bad_signature',
  malformed_manifest: 'download.error.malformed_manifest',
  hash_mismatch: 'download.error.hash_mismatch',
  truncated: 'download.error.truncated',
  quota_exceeded: 'download.error.quota_exceeded',
  server_error: 'download.error.server_error',
};

const isDownloadErrorCode = (code: string): code is DownloadErrorCode => Object.hasOwn(KEYS, code);

/** The catalogue message for a download error code (src/workers/course-download/download-problem.ts). */
export function downloadErrorMessage(code: string, file?: string): string {
  return t(isDownloadErrorCode(code) ? KEYS[code] : 'download.error.server_error', { file: file ?? '' });
}
