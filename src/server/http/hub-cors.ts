import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { BUNDLE_SIGNATURE_HEADER } from '../../shared/sync/bundle';
import type { AppEnv } from './app-env';

/**
 * CORS for a kecamatan hub's API (docs/hub.md): the phone's app is served by the national origin
 * and calls the hub, on the office LAN, cross-origin. Only the listed app origins are allowed.
 * Chromium's Private Network Access asks a private address's permission in the preflight
 * (`Access-Control-Request-Private-Network: true`); the hub grants it for those same origins.
 */
export function hubCors(origins: string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(origins);
  const corsed = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Content-Encoding', BUNDLE_SIGNATURE_HEADER, 'Range'],
    exposeHeaders: ['Content-Range', 'Content-Length', 'Accept-Ranges', 'ETag'],
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header('origin');
    const asksPna = c.req.method === 'OPTIONS' && c.req.header('access-control-request-private-network') === 'true';
    // A preflight is answered by `cors` itself (204), without `next`.
    const preflight = await corsed(c, next);
    if (preflight instanceof Response) c.res = preflight;
    if (asksPna && origin !== undefined && allowed.has(origin)) {
      c.res.headers.set('Access-Control-Allow-Private-Network', 'true');
    }
    return preflight instanceof Response ? c.res : undefined;
  };
}
