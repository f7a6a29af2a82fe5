import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import {
  LearnerDevicesResponseSchema,
  RegisterDeviceKeyRequestSchema,
  RegisterDeviceKeyResponseSchema,
  RevokeDeviceRequestSchema,
  RevokeDeviceResponseSchema,
  type LearnerDevicesResponse,
  type RegisterDeviceKeyResponse,
  type RevokeDeviceResponse,
} from '../../shared/sync/bundle-protocol';
import { UuidSchema } from '../../shared/sync/uuid';
import { learnerInScope } from '../auth/learner-in-scope';
import { listLearnerDevices } from '../devices/list-learner-devices';
import { registerDeviceKey } from '../devices/register-device-key';
import { revokeDevice } from '../devices/revoke-device';
import { apiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { jsonContent } from '../http/json-content';
import { requireAuth } from '../http/require-auth';
import { validate } from '../http/validate';
import { requireScope } from '../regions/region-scope';

/** Device keys (the phone registers; staff list and revoke): see docs/result-files.md. */
export const deviceRoutes = new Hono<AppEnv>()
  .post(
    '/api/devices/key',
    describeRoute({
      operationId: 'registerDeviceKey',
      summary: "Register the phone's ECDSA P-256 public key for this learner; result bundles are verified with it",
      tags: ['sync'],
      security: [{ bearer: [] }],
      responses: {
        200: {
          description: 'Exactly this key was already registered',
          content: jsonContent(RegisterDeviceKeyResponseSchema),
        },
        201: { description: 'Registered', content: jsonContent(RegisterDeviceKeyResponseSchema) },
        400: { description: '`invalid_public_key` or `invalid_request`' },
        401: { description: 'Missing, unknown, expired or revoked token' },
        403: {
          description:
            '`device_mismatch` (the token was issued to another device), `device_revoked` (this key was revoked: make a new one)',
        },
        409: {
          description:
            '`device_key_exists`: another live key is registered for this device and learner, and this session is ' +
            'not newer than it (a new sign-in replaces a lost key)',
        },
      },
    }),
    requireAuth('learner'),
    validate('json', RegisterDeviceKeyRequestSchema),
    async (c) => {
      const { deviceId, publicKey, appVersion } = c.req.valid('json');
      // A token copied off one phone must not register keys for another.
      if (c.var.deviceId !== null && c.var.deviceId !== deviceId) {
        return apiError(c, 403, 'device_mismatch', 'This token was issued to another device');
      }
      const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')![1]!; // requireAuth checked it
      const done = await registerDeviceKey(c.var.store, {
        deviceId,
        learnerId: c.var.account.id,
        publicKey,
        appVersion,
        token,
      });
      const body: RegisterDeviceKeyResponse = { deviceId, ...done };
      return c.json(body, done.created ? 201 : 200);
    },
  )
  .post(
    '/api/devices/:deviceId/revoke',
    describeRoute({
      operationId: 'revokeDevice',
      summary:
        "Revoke a device (lost or handed on): its key and its tokens, for the learners of the caller's region on it",
      tags: ['auth'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'Revoked', content: jsonContent(RevokeDeviceResponseSchema) },
        400: { description: '`invalid_request` (a reason is required)' },
        403: { description: '`outside_region` or `no_region`' },
        404: { description: '`unknown_device`' },
      },
    }),
    requireAuth('operator', 'admin'),
    validate('param', v.object({ deviceId: UuidSchema })),
    validate('json', RevokeDeviceRequestSchema),
    async (c) => {
      const { deviceId } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const scope = await requireScope(c);
      const done = await revokeDevice(c.var.store, { deviceId, scope, reason, actorId: c.var.account.id });
      const body: RevokeDeviceResponse = { deviceId, ...done };
      return c.json(body);
    },
  )
  .get(
    '/api/learners/:learnerId/devices',
    describeRoute({
      operationId: 'listLearnerDevices',
      summary: "A learner's devices: last sync, app version, key state (none, active, revoked)",
      tags: ['monitoring'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'Newest sync first', content: jsonContent(LearnerDevicesResponseSchema) },
        403: { description: '`outside_region` or `no_region`' },
        404: { description: '`unknown_learner`' },
      },
    }),
    requireAuth('operator', 'admin'),
    validate('param', v.object({ learnerId: UuidSchema })),
    async (c) => {
      const { learnerId } = c.req.valid('param');
      await learnerInScope(c, learnerId);
      const body: LearnerDevicesResponse = { learnerId, devices: await listLearnerDevices(c.var.store, learnerId) };
      return c.json(body);
    },
  );
