import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './app-env';

/**
 * `Cache-Control: no-store` on every API answer that did not choose its own caching: tokens,
 * enrolment codes, reports and learners' data must never sit in a browser, proxy or shared cache.
 * Deliberately cacheable answers (content-addressed course files) set their own header first.
 */
export function noStore() {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });
}
