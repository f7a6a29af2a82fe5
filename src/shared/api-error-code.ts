/**
 * Every `error.code` the server answers with (the `ApiError` body). The server may only throw or
 * answer these, and the app keeps one message per code, so adding a code here without a message
 * fails the type-check. Sync push results carry their own per-item reasons (`REJECT_REASONS`).
 */
export const API_ERROR_CODES = [
  // HTTP boundary (src/server/http, create-app.ts)
  'bad_request',
  'malformed_json',
  'malformed_url',
  'invalid_request',
  'invalid_text',
  'unsupported_media_type',
  'unsupported_encoding',
  'body_too_large',
  'body_incomplete',
  'bad_gzip',
  'not_found',
  'internal_error',
  // Sessions and roles
  'unauthenticated',
  'token_unknown',
  'token_expired',
  'token_revoked',
  'forbidden',
  // Sign-in and enrolment codes
  'too_many_attempts',
  'invalid_credentials',
  'invalid_code',
  'code_used',
  'code_expired',
  // Accounts and regions
  'no_region',
  'unknown_region',
  'outside_region',
  'unknown_desa',
  'desa_required',
  'username_taken',
  'unknown_learner',
  // CSV import of learners
  'csv_too_large',
  'wrong_encoding',
  'malformed_csv',
  'missing_columns',
  'too_many_rows',
  'empty_file',
  // Courses: files, manifests, publishing, withdrawing
  'course_not_found',
  'course_withdrawn',
  'invalid_hash',
  'file_not_found',
  'range_not_satisfiable',
  'hash_mismatch',
  'not_course_publisher',
  'bad_signature',
  'malformed_manifest',
  'key_mismatch',
  'version_exists',
  'version_not_newer',
  'missing_files',
  'size_mismatch',
  'piece_hash_mismatch',
  'quiz_missing',
  'quiz_mismatch',
  'malformed_quiz',
  'ujian_key_in_package',
  // Resumable course file uploads (docs/course-package.md, "Uploading large files")
  'upload_not_found',
  'upload_conflict',
  'upload_offset_mismatch',
  'upload_incomplete',
  'upload_hash_mismatch',
  'chunk_digest_missing',
  'chunk_length_mismatch',
  'chunk_hash_mismatch',
  // Sync
  'too_many_items',
  // Certificates (docs/certificates.md)
  'certificate_not_found',
  'certificate_revoked',
  // Staff accounts (admin screen)
  'unknown_account',
  'own_account',
  'region_required',
  // Device keys and signed result bundles (docs/result-files.md)
  'invalid_public_key',
  'device_mismatch',
  'device_key_exists',
  'device_revoked',
  'unknown_device',
  'bundle_signature_required',
  'bad_bundle_signature',
  'malformed_bundle',
  'bundle_learner_mismatch',
  'too_many_files',
  // Courses written in the browser (author API, docs/authoring.md)
  'course_exists',
  'draft_not_found',
  'draft_invalid',
  'media_too_large',
  'media_type_mismatch',
  'media_type_unsupported',
  'quiz_import_failed',
  // The question editor in browser authoring (docs/authoring.md)
  'quiz_invalid',
  // Kecamatan hubs (docs/hub.md)
  'hub_credential_invalid',
  'hub_revoked',
  'unknown_hub',
  'outside_hub_kecamatan',
  'hub_registers_no_keys',
  'hub_no_password_signin',
  'hub_identity_conflict',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** True when `code` (read from an answer, so any string) is one this server version answers with. */
export const isApiErrorCode = (code: unknown): code is ApiErrorCode =>
  typeof code === 'string' && (API_ERROR_CODES as readonly string[]).includes(code);
