import { createMiddleware } from 'hono/factory';
import { apiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';

/**
 * On a hub, `POST /api/devices/key` is refused (421 hub_registers_no_keys): a key registered only
 * on the hub would verify here and be refused upstream (`unknown_device`), and the phone would lose
 * those items to its dead-letter list. The phone takes any such 4xx as "register later": its pushes
 * wait (a key refusal never dead-letters) until it registers with the national server, and the hub
 * learns the key with its next mirror.
 */
export const refuseKeyRegistration = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method !== 'POST') return next();
    return apiError(
      c,
      421,
      'hub_registers_no_keys',
      'A hub does not register device keys: the phone registers its key with the national server',
    );
  });
