import type { Hono } from 'hono';
import { openAPIRouteHandler } from 'hono-openapi';
import type { AppEnv } from '../http/app-env';

/**
 * Publishes `/api/openapi.json`, generated from the routes' own `describeRoute` and validators.
 * Mounted last, on the finished app, so it sees every route.
 */
export function mountOpenApi(app: Hono<AppEnv>, version: string): void {
  app.get(
    '/api/openapi.json',
    openAPIRouteHandler(app, {
      documentation: {
        openapi: '3.1.0',
        info: {
          title: 'Lentera API',
          version,
          description:
            'Sync, course catalog and monitoring API of Lentera. Operation ids are stable: clients rely on them.',
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      },
      exclude: ['/api/openapi.json'],
      // Our validator answers with the shared ApiError shape (src/server/http/validate.ts), so say so.
      defaultValidationErrorResponse: {
        description: 'Invalid request: `error.code` is `invalid_request`, `error.details` lists each issue',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                error: {
                  type: 'object',
                  properties: {
                    code: { type: 'string' },
                    message: { type: 'string' },
                    details: {
                      type: 'array',
                      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
                    },
                  },
                  required: ['code', 'message'],
                },
              },
              required: ['error'],
            },
          },
        },
      },
    }),
  );
}
