import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import type { ServerConfig } from './config';
import { answerError } from './http/answer-error';
import { apiError } from './http/api-error';
import type { AppEnv } from './http/app-env';
import { checkUrl } from './http/check-url';
import { hubCors } from './http/hub-cors';
import { refuseKeyRegistration } from './hub/refuse-key-registration';
import { noStore } from './http/no-store';
import { securityHeaders } from './http/security-headers';
import { serveApp } from './http/serve-app';
import { mountMetrics } from './metrics/metrics-routes';
import { auditRoutes } from './routes/audit-routes';
import { authoringRoutes } from './routes/authoring-routes';
import { authRoutes } from './routes/auth-routes';
import { bundleRoutes } from './routes/bundle-routes';
import { certificateRoutes } from './routes/certificate-routes';
import { courseDeltaRoutes } from './routes/course-delta-routes';
import { courseRoutes } from './routes/course-routes';
import { deviceRoutes } from './routes/device-routes';
import { healthRoutes } from './routes/health-routes';
import { hubAdminRoutes } from './routes/hub-admin-routes';
import { hubRoutes } from './routes/hub-routes';
import { monitoringRoutes } from './routes/monitoring-routes';
import { mountOpenApi } from './routes/openapi-routes';
import { staffRoutes } from './routes/staff-routes';
import { syncRoutes } from './routes/sync-routes';
import { userRoutes } from './routes/user-routes';
import type { Store } from './store/store';

/**
 * Builds the whole HTTP application: API, OpenAPI document and the built PWA.
 * Tests call `app.request()` on it directly, with no port.
 */
export function createApp(store: Store, config: ServerConfig, reportStore: Store = store): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('store', store);
    c.set('reportStore', reportStore);
    c.set('config', config);
    await next();
  });
  app.use(securityHeaders());
  app.use(checkUrl());
  // Hub mode: phones call this hub from the national origin's app (docs/hub.md).
  if (config.hubUpstream !== undefined) {
    app.use('/api/*', hubCors(config.hubAppOrigins));
    app.use('/api/devices/key', refuseKeyRegistration());
  }
  app.use('/api/*', noStore());
  app.use('/api/*', compress());
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: (c) => apiError(c, 413, 'body_too_large', `Request body exceeds ${config.maxBodyBytes} bytes`),
    }),
  );
  app.onError(answerError);

  mountMetrics(app, store);
  app.route('/', healthRoutes);
  app.route('/', authRoutes);
  app.route('/', courseRoutes);
  app.route('/', courseDeltaRoutes);
  app.route('/', syncRoutes);
  app.route('/', deviceRoutes);
  app.route('/', bundleRoutes);
  app.route('/', userRoutes);
  app.route('/', monitoringRoutes);
  app.route('/', certificateRoutes);
  app.route('/', staffRoutes);
  app.route('/', auditRoutes);
  app.route('/', authoringRoutes);
  app.route('/', hubAdminRoutes);
  app.route('/', hubRoutes);
  mountOpenApi(app, config.version);

  app.use(serveApp(config.staticDir));
  app.notFound((c) => apiError(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}`));
  return app;
}
