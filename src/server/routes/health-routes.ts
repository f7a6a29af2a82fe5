import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { HealthSchema, type Health } from '../../shared/health';
import type { AppEnv } from '../http/app-env';
import { jsonContent } from '../http/json-content';

/** `GET /healthz`: liveness plus which store and version answer. */
export const healthRoutes = new Hono<AppEnv>().get(
  '/healthz',
  describeRoute({
    operationId: 'getHealth',
    summary: 'Server health, store kind and version',
    tags: ['system'],
    responses: { 200: { description: 'Healthy', content: jsonContent(HealthSchema) } },
  }),
  async (c) => {
    await c.var.store.query('SELECT 1');
    const body: Health = { status: 'ok', store: c.var.store.kind, version: c.var.config.version };
    return c.json(body);
  },
);
