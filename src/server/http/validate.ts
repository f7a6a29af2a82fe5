import type { ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { apiError } from './api-error';

/**
 * Validates one part of the request against a valibot schema, and registers that schema in the
 * OpenAPI document — the route definition is the contract, so they cannot drift apart.
 */
export function validate<S extends StandardSchemaV1, T extends keyof ValidationTargets>(target: T, schema: S) {
  return validator(target, schema, (result, c) => {
    if (!result.success) {
      const issues = (result.error as readonly StandardSchemaV1.Issue[]).map((issue) => ({
        path: (issue.path ?? []).map((p) => (typeof p === 'object' ? p.key : p)).join('.'),
        message: issue.message,
      }));
      return apiError(c, 400, 'invalid_request', `Invalid ${target}: ${issues[0]?.message ?? 'bad input'}`, issues);
    }
    return undefined;
  });
}
