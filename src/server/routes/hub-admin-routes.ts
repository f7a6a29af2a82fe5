import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { UuidSchema } from '../../shared/sync/uuid';
import type { AppEnv } from '../http/app-env';
import { jsonContent } from '../http/json-content';
import { requireAuth } from '../http/require-auth';
import { validate } from '../http/validate';
import { createHub, listHubs, revokeHub } from '../hub/hub-credentials';
import { CreateHubRequestSchema, CreateHubResponseSchema, ListHubsResponseSchema } from '../hub/hub-protocol';
import { requireScope } from '../regions/region-scope';

/** Issuing, listing and revoking kecamatan hubs on the national server: see docs/hub.md. */
export const hubAdminRoutes = new Hono<AppEnv>()
  .post(
    '/api/hubs',
    describeRoute({
      operationId: 'createHub',
      summary: 'Issue a hub for one kecamatan: its id and credential (shown once, stored hashed)',
      tags: ['hubs'],
      security: [{ bearer: [] }],
      responses: {
        201: { description: 'Issued', content: jsonContent(CreateHubResponseSchema) },
        400: { description: '`invalid_request`: not a kecamatan code (34.02.01) or no name' },
        401: { description: 'Missing, unknown, expired or revoked token' },
        403: { description: '`forbidden`: admins only' },
        404: { description: '`unknown_region`: no kecamatan with that code' },
      },
    }),
    requireAuth('admin'),
    validate('json', CreateHubRequestSchema),
    async (c) => {
      const { kecamatanCode, name } = c.req.valid('json');
      return c.json(await createHub(c.var.store, { kecamatanCode, name, createdBy: c.var.account.id }), 201);
    },
  )
  .get(
    '/api/hubs',
    describeRoute({
      operationId: 'listHubs',
      summary: 'The hubs of the caller’s region, silent ones (not heard from for a day) first',
      tags: ['hubs'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'Hubs', content: jsonContent(ListHubsResponseSchema) },
        401: { description: 'Missing, unknown, expired or revoked token' },
        403: { description: '`forbidden` (not admin or monitor) or `no_region`' },
      },
    }),
    requireAuth('admin', 'monitor'),
    async (c) => {
      const scope = await requireScope(c);
      return c.json({ hubs: await listHubs(c.var.store, scope) });
    },
  )
  .post(
    '/api/hubs/:hubId/revoke',
    describeRoute({
      operationId: 'revokeHub',
      summary: 'Revoke a hub: its credential is refused from now on (a stolen or replaced hub)',
      tags: ['hubs'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'Revoked (again: unchanged)' },
        400: { description: '`invalid_request`: not a hub id' },
        401: { description: 'Missing, unknown, expired or revoked token' },
        403: { description: '`forbidden`: admins only' },
        404: { description: '`unknown_hub`' },
      },
    }),
    requireAuth('admin'),
    validate('param', v.object({ hubId: UuidSchema })),
    async (c) => {
      const { hubId } = c.req.valid('param');
      return c.json({ hubId, ...(await revokeHub(c.var.store, hubId, c.var.account.id)) });
    },
  );
