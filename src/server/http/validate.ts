import type { MiddlewareHandler, ValidationTargets } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { validator } from 'hono-openapi';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { apiError } from './api-error';
import { findBadText } from './bad-text';

/** `application/json`, `application/problem+json`, with or without parameters (`; charset=utf-8`). */
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** True when the request declares a JSON body. */
export const isJsonRequest = (contentType: string | undefined) =>
  JSON_TYPE.test((contentType ?? '').split(';')[0]!.trim());

/**
 * Validates one part of the request against a valibot schema, and registers that schema in the
 * OpenAPI document — the route definition is the contract, so they cannot drift apart.
 *
 * A JSON body is refused unless it is declared as JSON (415 unsupported_media_type: Hono would
 * otherwise validate `{}` and blame a missing field), and any string or key in it holding a NUL or
 * a lone surrogate is refused with 400 invalid_text — once here, for every JSON route. Path and
 * query text is checked for the whole app by `checkUrl`.
 */
export function validate<S extends StandardSchemaV1, T extends keyof ValidationTargets>(target: T, schema: S) {
  const inner = validator(target, schema, (result, c) => {
    if (!result.success) {
      const issues = (result.error as readonly StandardSchemaV1.Issue[]).map((issue) => ({
        path: (issue.path ?? []).map((p) => (typeof p === 'object' ? p.key : p)).join('.'),
        message: issue.message,
      }));
      return apiError(c, 400, 'invalid_request', `Invalid ${target}: ${issues[0]?.message ?? 'bad input'}`, issues);
    }
    return undefined;
  });
  if (target !== 'json') return inner;
  const checked: MiddlewareHandler = async (c, next) => {
    if (!isJsonRequest(c.req.header('content-type'))) {
      return apiError(
        c,
        415,
        'unsupported_media_type',
        'Send the body as JSON with Content-Type: application/json (gzip with Content-Encoding: gzip)',
      );
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new HTTPException(400, { message: 'Malformed JSON in request body' });
    }
    const found = findBadText(body, schema);
    if (found !== null) {
      const bad = found.length > 120 ? `${found.slice(0, 120)}…` : found;
      return apiError(
        c,
        400,
        'invalid_text',
        `Text at ${bad || 'the body'} holds a NUL character or half of a UTF-16 surrogate pair`,
        { path: bad },
      );
    }
    // The validator reads the body through `c.req.json()`: hand it this parse instead of a second one.
    c.req.json = <J>() => Promise.resolve(body as J);
    return inner(c, next);
  };
  // Keep the OpenAPI registration hono-openapi attached to the validator.
  return Object.assign(checked, inner) as unknown as typeof inner;
}
