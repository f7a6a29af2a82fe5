import { resolver } from 'hono-openapi';

type JsonContent = { 'application/json': { schema: ReturnType<typeof resolver> } };

/** The OpenAPI `content` of a JSON answer described by a valibot schema (for `describeRoute` responses). */
export const jsonContent = (schema: Parameters<typeof resolver>[0]): JsonContent => ({
  'application/json': { schema: resolver(schema) },
});
