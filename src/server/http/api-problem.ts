import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiErrorCode } from '../../shared/api-error-code';

/**
 * A refusal thrown from anywhere below a route (a scope check, a publish step) and answered by the
 * app's one `onError` as the shared `ApiError` body, so helpers need not hand a response back up
 * for every caller to test. The model is Hono's own `HTTPException`, with our code vocabulary.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiProblem';
  }
}
