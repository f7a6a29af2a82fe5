import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/app-env';
import type { Metrics } from './create-metrics';

const SIGN_IN_ROUTES: Record<string, string> = { '/api/auth/login': 'login', '/api/auth/enrol': 'enrol' };
/** Statuses that mean "refused", as opposed to a malformed request (400, 413, 415). */
const REFUSALS = new Set([401, 403, 409, 410, 429]);

interface PushAnswer {
  results?: Array<{ status?: string; reason?: string }>;
}

/**
 * Counts pushes, pulls and refused sign-ins from the answers themselves, so the figures are exactly
 * what the phones were told and the routes carry no metrics code. Reading a JSON answer twice costs
 * well under a millisecond for the largest push (500 results).
 */
export function observeRequests(metrics: Metrics) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const path = c.req.path;
    const method = c.req.method;
    const isPush = method === 'POST' && path === '/api/sync/push';
    const started = isPush ? performance.now() : 0;
    await next();
    const status = c.res.status;
    if (isPush) {
      metrics.pushes.inc({ status: String(status) });
      if (status !== 200) return;
      metrics.pushSeconds.observe((performance.now() - started) / 1000);
      const answer = (await c.res
        .clone()
        .json()
        .catch(() => ({}))) as PushAnswer;
      for (const r of answer.results ?? []) {
        const result = r.status ?? 'unknown';
        const reason = result === 'rejected' ? (r.reason ?? 'unknown') : '';
        metrics.items.inc({ result, reason });
        if (result === 'conflict' || result === 'rejected') metrics.deadLetters.inc({ reason: reason || result });
      }
    } else if (method === 'GET' && path === '/api/sync/pull') {
      metrics.pulls.inc({ status: String(status) });
    } else if (method === 'POST' && SIGN_IN_ROUTES[path] && REFUSALS.has(status)) {
      const body = (await c.res
        .clone()
        .json()
        .catch(() => ({}))) as { error?: { code?: string } };
      metrics.loginFailures.inc({ route: SIGN_IN_ROUTES[path], reason: body.error?.code ?? String(status) });
    }
  });
}
