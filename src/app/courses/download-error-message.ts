import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';

const KEYS: Record<string, MessageKey> = {
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

/** The catalogue message for a download error code (src/workers/course-download/download-problem.ts). */
export function downloadErrorMessage(code: string, file?: string): string {
  return t(KEYS[code] ?? 'download.error.server_error', { file: file ?? '' });
}
