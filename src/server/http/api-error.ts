import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../../shared/api-error';
import type { ApiErrorCode } from '../../shared/api-error-code';

/**
 * Answers with the shared `ApiError` shape so every client can branch on `code`. Handlers that
 * answer directly call this; code further down throws `ApiProblem`, which `onError` answers the same way.
 */
export function apiError(
  c: Context,
  status: ContentfulStatusCode,
  code: ApiErrorCode,
  message: string,
  details?: unknown,
) {
  const body: ApiError = { error: details === undefined ? { code, message } : { code, message, details } };
  return c.json(body, status);
}
