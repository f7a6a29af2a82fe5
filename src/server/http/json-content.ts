import { resolver } from 'hono-openapi';

/** The OpenAPI `content` of a JSON answer described by a valibot schema (for `describeRoute` responses). */
export const jsonContent = (schema: Parameters<typeof resolver>[0]) => ({
  'application/json': { schema: resolver(schema) },
});
