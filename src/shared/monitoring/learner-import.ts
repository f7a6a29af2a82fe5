import * as v from 'valibot';

// Bulk enrolment by CSV (operationId `importLearners`): one result per data row, never one
// status for the whole file. docs/monitoring.md shows the columns and an example file.

export const IMPORT_ROW_STATUSES = ['created', 'updated', 'unchanged', 'rejected'] as const;

/** Why a row was rejected; the app shows a catalogue message per reason. */
export const IMPORT_REJECT_REASONS = [
  'missing_field',
  'malformed_row',
  'invalid_username',
  'duplicate_username',
  'username_taken',
  'invalid_desa_code',
  'unknown_desa_code',
  'outside_region',
  'invalid_phone',
  'invalid_nip',
  'too_long',
  /** A NUL character or half of a UTF-16 pair (an emoji cut in two): text no database column holds. */
  'invalid_text',
] as const;
export type ImportRejectReason = (typeof IMPORT_REJECT_REASONS)[number];

/** The file's columns as the header names them (docs/monitoring.md); a reason points at one of them. */
export const IMPORT_COLUMNS = ['nama', 'username', 'kode_desa', 'jabatan', 'telepon', 'nip'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export const ImportRowProblemSchema = v.object({
  reason: v.picklist(IMPORT_REJECT_REASONS),
  /** The column the reason is about; absent when it is about the whole row. */
  column: v.optional(v.picklist(IMPORT_COLUMNS)),
});
export type ImportRowProblem = v.InferOutput<typeof ImportRowProblemSchema>;

export const ImportRowResultSchema = v.object({
  /** Line of the file (the header is line 1), so the operator can find it in Excel. */
  line: v.number(),
  username: v.string(),
  status: v.picklist(IMPORT_ROW_STATUSES),
  /** For `rejected`: the first of `problems` (kept for older clients). */
  reason: v.optional(v.picklist(IMPORT_REJECT_REASONS)),
  /** For `rejected`: every reason of the row (format first, then region, desa and username checks); the app shows each in its own language. */
  problems: v.optional(v.array(ImportRowProblemSchema)),
  /** English detail of every problem, e.g. which field or which earlier line ("; " between them). */
  message: v.optional(v.string()),
  /** For `updated`: the fields that changed. */
  changed: v.optional(v.array(v.string())),
});
export type ImportRowResult = v.InferOutput<typeof ImportRowResultSchema>;

export const ImportLearnersResponseSchema = v.object({
  summary: v.object({ created: v.number(), updated: v.number(), unchanged: v.number(), rejected: v.number() }),
  rows: v.array(ImportRowResultSchema),
  /** Header cells that matched no known column (kept out of the import, reported so typos show). */
  ignoredColumns: v.array(v.string()),
});
export type ImportLearnersResponse = v.InferOutput<typeof ImportLearnersResponseSchema>;

/** Largest accepted CSV: ~10,000 rows of typical length; a kecamatan enrols a few hundred. */
export const MAX_IMPORT_BYTES = 1024 * 1024;
export const MAX_IMPORT_ROWS = 5000;

/** Body of `POST /api/learners/enrolment-codes` (operationId `createEnrolmentCodes`): the printable list. */
export const EnrolmentCodesRequestSchema = v.strictObject({
  usernames: v.pipe(
    v.array(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.minLength(1), v.maxLength(64))),
    v.minLength(1),
    v.maxLength(500),
  ),
});

export const EnrolmentCodeRowSchema = v.object({
  username: v.string(),
  status: v.picklist(['issued', 'rejected']),
  reason: v.optional(v.picklist(['unknown_learner', 'outside_region'])),
  name: v.optional(v.string()),
  desaCode: v.optional(v.nullable(v.string())),
  jabatan: v.optional(v.nullable(v.string())),
  /** `XXXXX-XXXXX`, shown once; only its hash is stored. */
  code: v.optional(v.string()),
  expiresAt: v.optional(v.string()),
  /** What the QR code opens: the sign-in screen with the code filled in. */
  enrolPath: v.optional(v.string()),
});
export type EnrolmentCodeRow = v.InferOutput<typeof EnrolmentCodeRowSchema>;
export const EnrolmentCodesResponseSchema = v.object({ rows: v.array(EnrolmentCodeRowSchema) });
export type EnrolmentCodesResponse = v.InferOutput<typeof EnrolmentCodesResponseSchema>;
