import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A refused publish or download, carried to the route as status + stable code + English message. */
export class CourseProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
