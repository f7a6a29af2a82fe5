import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { AuditLogQuerySchema, AuditLogResponseSchema, type AuditLogResponse } from '../../shared/audit/audit-action';
import { listAuditEntries } from '../audit/list-audit-entries';
import type { AppEnv } from '../http/app-env';
import { jsonContent } from '../http/json-content';
import { requireAuth } from '../http/require-auth';
import { validate } from '../http/validate';
import { regionInScope, requireScope } from '../regions/region-scope';

/** The audit log of staff actions: admin reads all of it, a monitor the entries of their own region. */
export const auditRoutes = new Hono<AppEnv>().get(
  '/api/audit',
  describeRoute({
    operationId: 'listAuditLog',
    summary: 'Staff actions newest first: who enrolled, revoked, published, withdrew or imported what, and when',
    description:
      'Admin reads every entry (`region` narrows it); a monitor reads the entries inside their own region, and ' +
      'asking for a region outside it is refused. National actions (publishing a course) have no region and ' +
      'only admin sees them. Pages of `limit` (default 100, at most 500): pass `nextBefore` as `before`.',
    tags: ['admin'],
    security: [{ bearer: [] }],
    responses: {
      200: { description: 'A page of entries', content: jsonContent(AuditLogResponseSchema) },
      400: { description: '`invalid_request`: a malformed region, action, id or limit' },
      403: { description: '`forbidden` (not admin or monitor), `no_region`, `outside_region`' },
      404: { description: '`unknown_region`' },
    },
  }),
  requireAuth('monitor', 'admin'),
  validate('query', AuditLogQuerySchema),
  async (c) => {
    const query = c.req.valid('query');
    const scope = query.region ? (await regionInScope(c, query.region)).region.code : await requireScope(c);
    const limit = Math.min(Math.max(Number(query.limit ?? 100), 1), 500);
    const entries = await listAuditEntries(c.var.store, {
      scope,
      action: query.action,
      before: query.before,
      limit,
    });
    const body: AuditLogResponse = {
      entries,
      nextBefore: entries.length === limit ? entries[entries.length - 1]!.id : null,
    };
    return c.json(body);
  },
);
