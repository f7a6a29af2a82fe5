import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { log } from '../log';
import { apiError } from './api-error';
import { ApiProblem } from './api-problem';

/**
 * The app's one `onError`: every thrown error becomes the shared `ApiError` body. An `ApiProblem`
 * is answered as thrown; Hono's own 4xx keep their status; text the store refused is the client's
 * fault (400); anything else is logged and answered 500 without its details.
 */
export const answerError: ErrorHandler = (err: Error, c: Context) => {
  if (err instanceof ApiProblem) return apiError(c, err.status, err.code, err.message, err.details);
  if (err instanceof HTTPException && err.status < 500) {
    // Hono's own 4xx (e.g. a body that is not JSON) keep their status and get our error shape.
    const code = /malformed json/i.test(err.message) ? 'malformed_json' : 'bad_request';
    return apiError(c, err.status as 400, code, err.message || 'Bad request');
  }
  const pgCode = (err as { code?: unknown }).code;
  if (pgCode === '22021' || pgCode === '22P05') {
    // A NUL or an unpaired surrogate that slipped past the checks at the boundary: the client's text, not our fault.
    log('warn', 'text the store cannot hold reached it', { path: c.req.path, err: err.message });
    return apiError(c, 400, 'invalid_text', 'The request holds text the store cannot keep (NUL or a lone surrogate)');
  }
  log('error', 'unhandled error', { path: c.req.path, err: err.message, stack: err.stack });
  return apiError(c, 500, 'internal_error', 'Internal server error');
};
