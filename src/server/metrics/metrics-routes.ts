import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { apiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import type { Queryable } from '../store/store';
import { createMetrics, processMetrics, type Metrics } from './create-metrics';
import { observeRequests } from './observe-requests';

/** True when `given` is the ops token; both are hashed first so neither length nor content leaks through timing. */
export function isOpsToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** `GET /metrics`: this process's counters in Prometheus text format, for the ops token only. */
export function metricsRoutes(metrics: Metrics) {
  return new Hono<AppEnv>().get(
    '/metrics',
    describeRoute({
      operationId: 'getMetrics',
      summary: "This process's counters in Prometheus text format (ops token: LENTERA_METRICS_TOKEN)",
      tags: ['system'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'Prometheus text exposition format' },
        401: { description: '`unauthenticated`: missing or wrong ops token' },
        404: { description: 'Metrics are off: LENTERA_METRICS_TOKEN is not set' },
      },
    }),
    async (c) => {
      const expected = c.var.config.metricsToken;
      if (!expected) return apiError(c, 404, 'not_found', 'No route for GET /metrics');
      const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
      if (!match || !isOpsToken(match[1]!, expected)) {
        c.header('WWW-Authenticate', 'Bearer realm="metrics"');
        return apiError(c, 401, 'unauthenticated', 'The ops token is required to read /metrics');
      }
      const own = await metrics.registry.metrics();
      const perProcess = await processMetrics().metrics();
      c.header('Cache-Control', 'no-store');
      return c.body(`${own}\n${perProcess}`, 200, { 'Content-Type': metrics.registry.contentType });
    },
  );
}

/**
 * Mounts `/metrics` and the middleware that feeds it, with counters of this app's own. Call before
 * the API routes: a middleware added after a route never sees that route's requests.
 */
export function mountMetrics(app: Hono<AppEnv>, db: Queryable): void {
  const metrics = createMetrics(db);
  app.use(observeRequests(metrics));
  app.route('/', metricsRoutes(metrics));
}
