import { Hono, type Context } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import {
  CreateStaffRequestSchema,
  isRegionalRole,
  ListStaffResponseSchema,
  StaffAccountResponseSchema,
  StaffPasswordResponseSchema,
  type ListStaffResponse,
  type StaffAccount,
  type StaffAccountResponse,
  type StaffPasswordResponse,
} from '../../shared/admin/staff-protocol';
import { UuidSchema } from '../../shared/sync/uuid';
import { findStaff, generatePassword, listStaff, setPassword, setStaffDisabled } from '../admin/staff-accounts';
import { recordAudit } from '../audit/record-audit';
import { revokeUserSessions } from '../auth/sessions';
import { insertUser } from '../auth/users';
import { ApiProblem } from '../http/api-problem';
import type { AppEnv } from '../http/app-env';
import { jsonContent } from '../http/json-content';
import { requireAuth } from '../http/require-auth';
import { validate } from '../http/validate';
import { findRegion } from '../regions/search-regions';

const security = [{ bearer: [] }];
const IdParam = v.object({ id: UuidSchema });
const ADMIN_ONLY = { 401: { description: 'Not signed in' }, 403: { description: '`forbidden`: not an admin' } };
const ONE_ACCOUNT = {
  ...ADMIN_ONLY,
  400: { description: '`invalid_request`: the id is not a UUID' },
  404: { description: '`unknown_account`: no staff account with that id (learners are managed by operators)' },
};

/** The staff account in the path, or 404 unknown_account. */
async function staffParam(c: Context<AppEnv>, id: string): Promise<StaffAccount> {
  const staff = await findStaff(c.var.store, id);
  if (!staff) throw new ApiProblem(404, 'unknown_account', `No staff account ${id}`);
  return staff;
}

/** Staff accounts (operator, monitor, author, admin) managed by admin: create, list, disable, enable, reset. */
export const staffRoutes = new Hono<AppEnv>()
  .get(
    '/api/staff',
    describeRoute({
      operationId: 'listStaff',
      summary: 'Every staff account with its role, region and whether it is disabled (admin)',
      tags: ['admin'],
      security,
      responses: { 200: { description: 'The accounts', content: jsonContent(ListStaffResponseSchema) }, ...ADMIN_ONLY },
    }),
    requireAuth('admin'),
    validate('query', v.object({ q: v.optional(v.pipe(v.string(), v.maxLength(100))) })),
    async (c) => c.json({ staff: await listStaff(c.var.store, c.req.valid('query').q) } satisfies ListStaffResponse),
  )
  .post(
    '/api/staff',
    describeRoute({
      operationId: 'createStaff',
      summary:
        'Create a staff account with a role and, for operator and monitor, a region; answers its first password once',
      tags: ['admin'],
      security,
      responses: {
        201: { description: 'Created, with a one-time password', content: jsonContent(StaffPasswordResponseSchema) },
        400: { description: '`invalid_request`, `invalid_text`, `region_required` or `unknown_region`' },
        409: { description: '`username_taken`' },
        ...ADMIN_ONLY,
      },
    }),
    requireAuth('admin'),
    validate('json', CreateStaffRequestSchema),
    async (c) => {
      const body = c.req.valid('json');
      const regionCode = isRegionalRole(body.role) ? (body.regionCode ?? null) : null;
      if (isRegionalRole(body.role)) {
        // An operator or monitor with no region sees nothing, and one bound to a made-up code would too.
        if (regionCode === null) throw new ApiProblem(400, 'region_required', `A ${body.role} needs a regionCode`);
        if (!(await findRegion(c.var.store, regionCode))) {
          throw new ApiProblem(400, 'unknown_region', `No region with code ${regionCode}`);
        }
      }
      const password = generatePassword();
      const account = await c.var.store.transaction(async (tx) => {
        const id = await insertUser(tx, { ...body, regionCode, password });
        if (id === null) throw new ApiProblem(409, 'username_taken', `Username ${body.username} is taken`);
        await recordAudit(tx, {
          actorId: c.var.account.id,
          action: 'staff.create',
          targetType: 'user',
          targetId: body.username,
          regionCode,
          detail: { role: body.role, name: body.name },
        });
        return (await findStaff(tx, id))!;
      });
      return c.json({ account, password } satisfies StaffPasswordResponse, 201);
    },
  )
  .post(
    '/api/staff/:id/disable',
    describeRoute({
      operationId: 'disableStaff',
      summary: 'Disable a staff account: it can no longer sign in and every session it holds is revoked',
      tags: ['admin'],
      security,
      responses: {
        200: { description: 'The account, disabled', content: jsonContent(StaffAccountResponseSchema) },
        409: { description: '`own_account`: an admin cannot disable themselves' },
        ...ONE_ACCOUNT,
      },
    }),
    requireAuth('admin'),
    validate('param', IdParam),
    async (c) => {
      const staff = await staffParam(c, c.req.valid('param').id);
      // Locking the last way in would need the database to undo.
      if (staff.id === c.var.account.id)
        throw new ApiProblem(409, 'own_account', 'You cannot disable your own account');
      const account = await c.var.store.transaction(async (tx) => {
        await setStaffDisabled(tx, staff.id, true);
        const revoked = await revokeUserSessions(tx, staff.id);
        await recordAudit(tx, {
          actorId: c.var.account.id,
          action: 'staff.disable',
          targetType: 'user',
          targetId: staff.username,
          regionCode: staff.regionCode,
          detail: { role: staff.role, revokedSessions: revoked },
        });
        return (await findStaff(tx, staff.id))!;
      });
      return c.json({ account } satisfies StaffAccountResponse);
    },
  )
  .post(
    '/api/staff/:id/enable',
    describeRoute({
      operationId: 'enableStaff',
      summary: 'Enable a disabled staff account again (its old sessions stay revoked)',
      tags: ['admin'],
      security,
      responses: {
        200: { description: 'The account, enabled', content: jsonContent(StaffAccountResponseSchema) },
        ...ONE_ACCOUNT,
      },
    }),
    requireAuth('admin'),
    validate('param', IdParam),
    async (c) => {
      const staff = await staffParam(c, c.req.valid('param').id);
      const account = await c.var.store.transaction(async (tx) => {
        await setStaffDisabled(tx, staff.id, false);
        await recordAudit(tx, {
          actorId: c.var.account.id,
          action: 'staff.enable',
          targetType: 'user',
          targetId: staff.username,
          regionCode: staff.regionCode,
          detail: { role: staff.role },
        });
        return (await findStaff(tx, staff.id))!;
      });
      return c.json({ account } satisfies StaffAccountResponse);
    },
  )
  .post(
    '/api/staff/:id/reset-password',
    describeRoute({
      operationId: 'resetStaffPassword',
      summary: 'Give a staff account a new random password (answered once) and sign out all of its sessions',
      tags: ['admin'],
      security,
      responses: {
        200: { description: 'The new password, shown once', content: jsonContent(StaffPasswordResponseSchema) },
        ...ONE_ACCOUNT,
      },
    }),
    requireAuth('admin'),
    validate('param', IdParam),
    async (c) => {
      const staff = await staffParam(c, c.req.valid('param').id);
      const password = generatePassword();
      await c.var.store.transaction(async (tx) => {
        await setPassword(tx, staff.id, password);
        // Whoever knew the old password may hold a session made with it.
        const revoked = await revokeUserSessions(tx, staff.id);
        await recordAudit(tx, {
          actorId: c.var.account.id,
          action: 'staff.reset_password',
          targetType: 'user',
          targetId: staff.username,
          regionCode: staff.regionCode,
          detail: { revokedSessions: revoked },
        });
      });
      return c.json({ account: staff, password } satisfies StaffPasswordResponse);
    },
  );
