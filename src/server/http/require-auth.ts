import { createMiddleware } from 'hono/factory';
import type { Role } from '../../shared/roles';
import { findSession } from '../auth/sessions';
import { apiError } from './api-error';
import type { AppEnv } from './app-env';

/**
 * Lets the request through only with a valid bearer token whose account holds one of `roles`
 * (any role when none are given). 401 says "sign in again", 403 says "not yours to see".
 */
export function requireAuth(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return apiError(c, 401, 'unauthenticated', 'Missing bearer token');
    const session = await findSession(c.var.store, match[1]!);
    if (!session.ok) {
      const messages = { unknown: 'Unknown token', expired: 'Token expired', revoked: 'Token revoked' };
      return apiError(c, 401, `token_${session.reason}`, messages[session.reason]);
    }
    if (roles.length > 0 && !roles.includes(session.account.role)) {
      return apiError(c, 403, 'forbidden', `Requires role: ${roles.join(' or ')}`);
    }
    c.set('account', session.account);
    c.set('deviceId', session.deviceId);
    await next();
  });
}
