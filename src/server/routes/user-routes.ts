import { learnerInScope } from '../auth/learner-in-scope';
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import type { Account } from '../../shared/auth-protocol';
import { UuidSchema } from '../../shared/sync/uuid';
import {
  CreateUserRequestSchema,
  CreateUserResponseSchema,
  EnrolmentCodeSchema,
  type EnrolmentCode,
} from '../../shared/enrolment-protocol';
import { recordAudit } from '../audit/record-audit';
import { issueEnrolmentCode } from '../auth/enrolment-codes';
import { revokeUserSessions } from '../auth/sessions';
import { insertUser } from '../auth/users';
import { apiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { jsonContent } from '../http/json-content';
import { requireAuth } from '../http/require-auth';
import { validate } from '../http/validate';
import { isWithin, requireScope } from '../regions/region-scope';
import { findRegion } from '../regions/search-regions';

/** Operators enrol learners of their own region one by one (CSV import is `importLearners`); admin enrols anyone. */
export const userRoutes = new Hono<AppEnv>()
  .post(
    '/api/users',
    describeRoute({
      operationId: 'createUser',
      summary: 'Create an account: operators create learners in their region, admin any role',
      tags: ['auth'],
      security: [{ bearer: [] }],
      responses: {
        201: { description: 'Created', content: jsonContent(CreateUserResponseSchema) },
        400: { description: '`invalid_request`, `invalid_text`, `unknown_desa`, `unknown_region` or `desa_required`' },
        403: { description: '`outside_region`, `no_region` or a role the caller may not create' },
        409: { description: '`username_taken`' },
      },
    }),
    requireAuth('operator', 'admin'),
    validate('json', CreateUserRequestSchema),
    async (c) => {
      const body = c.req.valid('json');
      const store = c.var.store;
      const scope = await requireScope(c);
      if (c.var.account.role !== 'admin' && body.role !== 'learner') {
        return apiError(c, 403, 'forbidden', 'Operators create learner accounts only');
      }
      if (body.role === 'learner' && !body.desaCode) {
        return apiError(c, 400, 'desa_required', 'A learner needs a desaCode');
      }
      if (body.desaCode) {
        if (!isWithin(body.desaCode, scope) && scope !== '') {
          return apiError(c, 403, 'outside_region', `Desa ${body.desaCode} is outside your region ${scope}`);
        }
        const desa = await findRegion(store, body.desaCode);
        if (desa?.level !== 4) return apiError(c, 400, 'unknown_desa', `No desa with code ${body.desaCode}`);
      }
      const staffRegion = body.role === 'operator' || body.role === 'monitor' ? (body.regionCode ?? null) : null;
      if (staffRegion !== null && !(await findRegion(store, staffRegion))) {
        // An account bound to a code that names no region would see nothing, and nobody would notice.
        return apiError(c, 400, 'unknown_region', `No region with code ${staffRegion}`);
      }
      const id = await insertUser(store, {
        username: body.username,
        name: body.name,
        role: body.role,
        password: body.password,
        desaCode: body.desaCode ?? null,
        regionCode: staffRegion,
      });
      if (id === null) return apiError(c, 409, 'username_taken', `Username ${body.username} is taken`);
      await recordAudit(store, {
        actorId: c.var.account.id,
        action: body.role === 'learner' ? 'learner.enrol' : 'staff.create',
        targetType: 'user',
        targetId: body.username,
        regionCode: body.role === 'learner' ? (body.desaCode ?? null) : staffRegion,
        detail: { role: body.role, name: body.name },
      });
      const account: Account = {
        id,
        username: body.username,
        name: body.name,
        role: body.role,
        desaCode: body.desaCode ?? null,
      };
      return c.json({ account }, 201);
    },
  )
  .post(
    '/api/users/:id/revoke-tokens',
    describeRoute({
      operationId: 'revokeUserTokens',
      summary: 'Sign out every device of a learner (a lost or handed-on phone); unsent work on it stays queued',
      tags: ['auth'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'How many device tokens were revoked' },
        403: { description: '`outside_region` or `no_region`' },
        404: { description: '`unknown_learner`' },
      },
    }),
    requireAuth('operator', 'admin'),
    validate('param', v.object({ id: UuidSchema })),
    async (c) => {
      const { id } = c.req.valid('param');
      const learner = await learnerInScope(c, id, true);
      const revoked = await revokeUserSessions(c.var.store, id);
      await recordAudit(c.var.store, {
        actorId: c.var.account.id,
        action: 'device.revoke',
        targetType: 'user',
        targetId: learner.username,
        regionCode: learner.desaCode,
        detail: { allDevices: true, revoked },
      });
      return c.json({ revoked });
    },
  )
  .post(
    '/api/users/:id/enrolment-code',
    describeRoute({
      operationId: 'createEnrolmentCode',
      summary: "Issue a one-time code (text + QR) that signs a learner's phone in once; replaces unused codes",
      tags: ['auth'],
      security: [{ bearer: [] }],
      responses: {
        201: { description: 'The code, shown once', content: jsonContent(EnrolmentCodeSchema) },
        403: { description: '`outside_region` or `no_region`' },
        404: { description: '`unknown_learner`' },
      },
    }),
    requireAuth('operator', 'admin'),
    validate('param', v.object({ id: UuidSchema })),
    async (c) => {
      const { id } = c.req.valid('param');
      const store = c.var.store;
      const learner = await learnerInScope(c, id, true);
      const issued = await issueEnrolmentCode(store, id, c.var.account.id);
      await recordAudit(store, {
        actorId: c.var.account.id,
        action: 'enrolment.reissue',
        targetType: 'user',
        targetId: learner.username,
        regionCode: learner.desaCode,
      });
      const body: EnrolmentCode = {
        code: issued.code,
        expiresAt: issued.expiresAt.toISOString(),
        enrolPath: `/masuk?kode=${issued.code}`,
      };
      return c.json(body, 201);
    },
  );
