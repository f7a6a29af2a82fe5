/** The one error shape every API endpoint answers with, so clients can branch on `code`. */
export interface ApiError {
  error: {
    /** Stable machine-readable code, e.g. `invalid_credentials`: one of `ApiErrorCode` (src/shared/api-error-code.ts). */
    code: string;
    /** English explanation for logs, scripts and the CLI; the app maps `code` to its own catalogue. */
    message: string;
    /** Optional details, e.g. validation issues with their paths. */
    details?: unknown;
  };
}
