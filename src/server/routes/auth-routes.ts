import { Hono, type Context } from 'hono';
import { describeRoute } from 'hono-openapi';
import { AccountSchema, LoginRequestSchema, LoginResponseSchema } from '../../shared/auth-protocol';
import {
  clearLoginFailures,
  ENROL_PER_ADDRESS,
  loginLimitKeys,
  loginRetryAfter,
  recordLoginFailure,
} from '../auth/login-rate-limit';
import { EnrolRequestSchema } from '../../shared/enrolment-protocol';
import { redeemEnrolmentCode } from '../auth/enrolment-codes';
import { dummyPasswordHash, verifyPassword } from '../auth/password';
import { openSession, revokeSession } from '../auth/sessions';
import { findAccount, findSignInAccount } from '../auth/users';
import { isP256PublicKey } from '../devices/register-device-key';
import { redeemAtHub } from '../hub/redeem-at-hub';
import { apiError } from '../http/api-error';
import { clientAddress } from '../http/client-address';
import type { AppEnv } from '../http/app-env';
import { jsonContent } from '../http/json-content';
import { requireAuth } from '../http/require-auth';
import { validate } from '../http/validate';

/** The answer to a code that cannot be redeemed, on the national server and on a hub alike. */
function enrolRefused(c: Context, reason: 'invalid' | 'used' | 'expired') {
  if (reason === 'used') return apiError(c, 409, 'code_used', 'This enrolment code was already used');
  if (reason === 'expired') return apiError(c, 410, 'code_expired', 'This enrolment code has expired');
  return apiError(c, 401, 'invalid_code', 'Unknown enrolment code');
}

/** Sign-in, who-am-I and sign-out. */
export const authRoutes = new Hono<AppEnv>()
  .post(
    '/api/auth/login',
    describeRoute({
      operationId: 'login',
      summary: 'Sign in with username and password; returns a device token',
      tags: ['auth'],
      responses: {
        200: { description: 'Signed in', content: jsonContent(LoginResponseSchema) },
        401: { description: 'Wrong username or password' },
        421: { description: '`hub_no_password_signin`: asked of a kecamatan hub, which holds no password hashes' },
        429: { description: 'Too many failed attempts; see Retry-After' },
      },
    }),
    validate('json', LoginRequestSchema),
    async (c) => {
      const { username, password, deviceId } = c.req.valid('json');
      const store = c.var.store;
      // Limits per address and username, per username, and per address (loosely, and for unknown names):
      // guessing one password or spraying names stops; an office of fifty phones behind one address does not.
      const keys = loginLimitKeys(clientAddress(c), username);
      const wait = await loginRetryAfter(store, Object.values(keys));
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        return apiError(c, 429, 'too_many_attempts', `Too many failed sign-ins; try again in ${wait} s`);
      }
      // A hub holds no password hashes (docs/hub.md): it cannot check one, and must not answer
      // "wrong password" for a right one.
      if (c.var.config.hubUpstream !== undefined) {
        return apiError(
          c,
          421,
          'hub_no_password_signin',
          'A hub does not sign in with a password: use an enrolment code here, or sign in on the national server',
        );
      }
      const user = await findSignInAccount(store, username);
      // The same scrypt work whether or not the user exists: timing must not reveal usernames.
      const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
      if (!user?.passwordHash || !matches) {
        const counted = user ? [keys.pair, keys.user, keys.address] : Object.values(keys);
        await recordLoginFailure(store, counted);
        return apiError(c, 401, 'invalid_credentials', 'Wrong username or password');
      }
      await clearLoginFailures(store, [keys.pair]);
      return c.json(await openSession(store, user.account, deviceId));
    },
  )
  .post(
    '/api/auth/enrol',
    describeRoute({
      operationId: 'enrolDevice',
      summary: 'Sign a phone in once with a one-time enrolment code; returns a device token like login',
      description:
        'On a kecamatan hub the code is redeemed against the hub’s mirror, also while its uplink is down; the hub ' +
        'forwards the redemption and the same token then works on the national server (docs/hub.md).',
      tags: ['auth'],
      responses: {
        200: { description: 'Signed in', content: jsonContent(LoginResponseSchema) },
        400: {
          description:
            'On a hub, `invalid_public_key` (publicKey is not a P-256 SPKI key) or `invalid_request` (a publicKey without deviceId); nothing redeemed',
        },
        401: { description: '`invalid_code`' },
        409: { description: '`code_used`: the code was already used (ask the operator for a new one)' },
        410: { description: '`code_expired`' },
        429: { description: 'Too many wrong codes from this address; see Retry-After' },
      },
    }),
    validate('json', EnrolRequestSchema),
    async (c) => {
      const { code, deviceId, publicKey } = c.req.valid('json');
      const store = c.var.store;
      const key = { key: `enrol-ip:${clientAddress(c)}`, policy: ENROL_PER_ADDRESS };
      const wait = await loginRetryAfter(store, [key]);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        return apiError(c, 429, 'too_many_attempts', `Too many wrong codes; try again in ${wait} s`);
      }
      if (c.var.config.hubUpstream !== undefined) {
        // At the office: redeemed on the hub's mirror and forwarded upstream later (docs/hub.md).
        if (publicKey !== undefined && deviceId === undefined) {
          return apiError(c, 400, 'invalid_request', 'A publicKey needs the deviceId it was made on');
        }
        if (publicKey !== undefined && !(await isP256PublicKey(publicKey))) {
          return apiError(c, 400, 'invalid_public_key', 'publicKey is not an ECDSA P-256 SPKI key in base64');
        }
        const atHub = await redeemAtHub(store, code, deviceId, publicKey);
        if (atHub.ok) return c.json(atHub.keyHeld ? { ...atHub.session, deviceKey: 'held' as const } : atHub.session);
        await recordLoginFailure(store, [key]);
        return enrolRefused(c, atHub.reason);
      }
      const redeemed = await redeemEnrolmentCode(store, code, deviceId);
      if (!redeemed.ok) {
        await recordLoginFailure(store, [key]);
        return enrolRefused(c, redeemed.reason);
      }
      // Redeeming checked that the code's user exists and is enabled.
      const account = (await findAccount(store, redeemed.userId))!;
      return c.json(await openSession(store, account, deviceId));
    },
  )
  .get(
    '/api/auth/me',
    describeRoute({
      operationId: 'getCurrentAccount',
      summary: 'The account the bearer token belongs to',
      tags: ['auth'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'The account', content: jsonContent(AccountSchema) },
        401: { description: 'Not signed in' },
      },
    }),
    requireAuth(),
    (c) => c.json(c.var.account),
  )
  .post(
    '/api/auth/logout',
    describeRoute({
      operationId: 'logout',
      summary: 'Revoke the bearer token',
      tags: ['auth'],
      security: [{ bearer: [] }],
      responses: { 204: { description: 'Revoked' }, 401: { description: 'Not signed in' } },
    }),
    requireAuth(),
    async (c) => {
      const token = c.req.header('authorization')!.replace(/^Bearer\s+/i, '');
      await revokeSession(c.var.store, token);
      return c.body(null, 204);
    },
  );
