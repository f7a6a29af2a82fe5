import { createMiddleware } from 'hono/factory';
import { apiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { authenticateHub, type HubIdentity } from './hub-credentials';

/** The context of a route a hub calls: `c.var.hub` is set by `requireHub`. */
export interface HubEnv {
  Variables: AppEnv['Variables'] & { hub: HubIdentity };
}

/**
 * Lets a request through only with a live hub credential (`Authorization: Bearer <credential>`);
 * 401 unauthenticated, hub_credential_invalid or hub_revoked otherwise. Staff and learner tokens are
 * not hub credentials: they are a different table, so a learner's token never acts as a hub.
 */
export function requireHub() {
  return createMiddleware<HubEnv>(async (c, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    if (!match) return apiError(c, 401, 'unauthenticated', 'Missing hub credential');
    c.set('hub', await authenticateHub(c.var.store, match[1]!));
    await next();
  });
}
