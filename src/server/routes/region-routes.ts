import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import {
  MyRegionResponseSchema,
  SearchRegionsQuerySchema,
  SearchRegionsResponseSchema,
  type MyRegionResponse,
  type SearchRegionsResponse,
} from '../../shared/monitoring/regions';
import { apiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { jsonContent } from '../http/json-content';
import { requireAuth } from '../http/require-auth';
import { validate } from '../http/validate';
import { requireScope } from '../regions/region-scope';
import { findRegion, searchRegions } from '../regions/search-regions';

/** Region search (public Kemendagri data, any signed-in account) and the caller's own region. */
export const regionRoutes = new Hono<AppEnv>()
  .get(
    '/api/regions',
    describeRoute({
      operationId: 'searchRegions',
      summary: 'Find provinsi, kabupaten/kota, kecamatan and desa by name or code, or list the children of one',
      tags: ['monitoring'],
      security: [{ bearer: [] }],
      responses: { 200: { description: 'Matching regions', content: jsonContent(SearchRegionsResponseSchema) } },
    }),
    requireAuth(),
    validate('query', SearchRegionsQuerySchema),
    async (c) => {
      const { q, parent, within, limit } = c.req.valid('query');
      const regions = await searchRegions(c.var.store, {
        q,
        parent,
        within,
        limit: Math.min(Math.max(Number(limit ?? 50), 1), 500),
      });
      return c.json({ regions } satisfies SearchRegionsResponse);
    },
  )
  .get(
    '/api/regions/mine',
    describeRoute({
      operationId: 'getMyRegion',
      summary: 'The region an operator or monitor is bound to (null for admin: all of Indonesia)',
      tags: ['monitoring'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'The region', content: jsonContent(MyRegionResponseSchema) },
        403: { description: 'Not an operator, monitor or admin, or not bound to a region' },
      },
    }),
    requireAuth('operator', 'monitor', 'admin'),
    async (c) => {
      const scope = await requireScope(c);
      const region = scope === '' ? null : await findRegion(c.var.store, scope);
      if (scope !== '' && !region) return apiError(c, 404, 'unknown_region', `No region with code ${scope}`);
      return c.json({ region } satisfies MyRegionResponse);
    },
  );
