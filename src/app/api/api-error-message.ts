import '../i18n/screen-messages';
import { isApiErrorCode, type ApiErrorCode } from '../../shared/api-error-code';
import type { MessageKey } from '../i18n/messages';

/** Codes `apiFetch` gives itself when there was no usable answer. */
export type ClientErrorCode = 'offline' | 'bad_response' | 'unknown';
export type ErrorCode = ApiErrorCode | ClientErrorCode;

/**
 * The message for every code, wherever a screen has none of its own: a code without an entry fails
 * the type-check, and every key has its text in both languages (`en` is a `Record<MessageKey, …>`).
 * Codes a person cannot act on (a malformed request, a publishing problem the CLI reports) say
 * "something went wrong".
 */
const MESSAGES: Record<ErrorCode, MessageKey> = {
  offline: 'error.offline',
  bad_response: 'error.unknown',
  unknown: 'error.unknown',
  bad_request: 'error.unknown',
  malformed_json: 'error.unknown',
  malformed_url: 'error.unknown',
  invalid_request: 'error.unknown',
  invalid_text: 'error.unknown',
  unsupported_media_type: 'error.unknown',
  unsupported_encoding: 'error.unknown',
  bad_gzip: 'error.unknown',
  body_incomplete: 'error.unknown',
  body_too_large: 'error.unknown',
  not_found: 'error.unknown',
  unauthenticated: 'error.unknown',
  token_unknown: 'error.unknown',
  token_expired: 'error.unknown',
  token_revoked: 'error.unknown',
  forbidden: 'error.unknown',
  internal_error: 'error.unknown',
  invalid_credentials: 'error.invalid_credentials',
  too_many_attempts: 'error.too_many_attempts',
  invalid_code: 'error.invalid_code',
  code_used: 'error.code_used',
  code_expired: 'error.code_expired',
  username_taken: 'enrol.error.username_taken',
  unknown_learner: 'error.unknown',
  unknown_desa: 'enrol.error.unknown_desa',
  unknown_region: 'mon.error.unknownRegion',
  desa_required: 'error.unknown',
  outside_region: 'mon.error.outsideRegion',
  no_region: 'mon.error.noRegion',
  csv_too_large: 'mon.import.file.csv_too_large',
  wrong_encoding: 'mon.import.file.wrong_encoding',
  malformed_csv: 'mon.import.file.malformed_csv',
  missing_columns: 'mon.import.file.missing_columns',
  too_many_rows: 'mon.import.file.too_many_rows',
  empty_file: 'mon.import.file.empty_file',
  too_many_items: 'error.unknown',
  course_not_found: 'download.error.course_not_found',
  course_withdrawn: 'download.error.course_withdrawn',
  file_not_found: 'error.unknown',
  invalid_hash: 'error.unknown',
  range_not_satisfiable: 'error.unknown',
  not_course_publisher: 'error.unknown',
  bad_signature: 'error.unknown',
  malformed_manifest: 'error.unknown',
  key_mismatch: 'error.unknown',
  missing_files: 'error.unknown',
  size_mismatch: 'error.unknown',
  piece_hash_mismatch: 'error.unknown',
  hash_mismatch: 'error.unknown',
  // The publishing CLI reports these itself; browser authoring does not upload in chunks yet.
  upload_not_found: 'error.unknown',
  upload_conflict: 'error.unknown',
  upload_offset_mismatch: 'error.unknown',
  upload_incomplete: 'error.unknown',
  upload_hash_mismatch: 'error.unknown',
  chunk_digest_missing: 'error.unknown',
  chunk_length_mismatch: 'error.unknown',
  chunk_hash_mismatch: 'error.unknown',
  version_exists: 'error.unknown',
  version_not_newer: 'error.unknown',
  malformed_quiz: 'error.unknown',
  quiz_missing: 'error.unknown',
  quiz_mismatch: 'error.unknown',
  ujian_key_in_package: 'error.unknown',
  // Staff accounts (admin screen)
  unknown_account: 'admin.error.unknownAccount',
  own_account: 'admin.error.ownAccount',
  region_required: 'admin.error.regionRequired',
  // Certificates
  certificate_not_found: 'certificate.error.not_found',
  certificate_revoked: 'certificate.error.revoked',
  // Device keys and signed result bundles
  invalid_public_key: 'error.unknown',
  device_mismatch: 'device.error.mismatch',
  device_key_exists: 'device.error.key_exists',
  device_revoked: 'bundle.error.device_revoked',
  unknown_device: 'bundle.error.unknown_device',
  bundle_signature_required: 'bundle.error.signature_required',
  bad_bundle_signature: 'bundle.error.bad_signature',
  malformed_bundle: 'bundle.error.malformed',
  bundle_learner_mismatch: 'bundle.error.malformed',
  too_many_files: 'bundle.error.too_many_files',
  course_exists: 'authoring.error.course_exists',
  draft_not_found: 'authoring.error.draft_not_found',
  draft_invalid: 'authoring.error.draft_invalid',
  media_too_large: 'authoring.error.media_too_large',
  media_type_mismatch: 'authoring.error.media_type_mismatch',
  media_type_unsupported: 'authoring.error.media_type_unsupported',
  quiz_import_failed: 'authoring.error.quiz_import_failed',
  quiz_invalid: 'authoring.error.quiz_invalid',
  // Kecamatan hubs: credential errors only a hub machine sees; the rest for the admin and operator
  hub_credential_invalid: 'error.unknown',
  hub_revoked: 'hub.error.revoked',
  unknown_hub: 'hub.error.unknown_hub',
  outside_hub_kecamatan: 'hub.error.outside_kecamatan',
  hub_registers_no_keys: 'error.unknown',
  hub_no_password_signin: 'signIn.error.hubNoPassword',
  hub_identity_conflict: 'error.unknown',
};

const isErrorCode = (code: string): code is ErrorCode => isApiErrorCode(code) || Object.hasOwn(MESSAGES, code);

/**
 * The catalogue key for an error code, a screen's own wording first (`own`), then the common one;
 * a code this build does not know says "something went wrong".
 * @example t(apiErrorMessage(result.code, { invalid_request: 'enrol.error.invalid_request' }))
 */
export function apiErrorMessage(code: string, own: Partial<Record<ErrorCode, MessageKey>> = {}): MessageKey {
  if (!isErrorCode(code)) return 'error.unknown';
  return own[code] ?? MESSAGES[code];
}
