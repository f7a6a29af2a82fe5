import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import {
  RegionReportResponseSchema,
  SilentVillagesResponseSchema,
  type RegionReportResponse,
} from '../../shared/monitoring/region-report';
import {
  RegionLearnersResponseSchema,
  SyncedDevicesQuerySchema,
  SyncedDevicesResponseSchema,
  type SyncedDevicesResponse,
} from '../../shared/monitoring/learner-list';
import { RegionChartsResponseSchema } from '../../shared/monitoring/region-charts';
import { RegionCodeSchema } from '../../shared/monitoring/regions';
import type { AppEnv } from '../http/app-env';
import { jsonContent } from '../http/json-content';
import { requireAuth } from '../http/require-auth';
import { validate } from '../http/validate';
import { regionInScope } from '../regions/region-scope';
import { listRegionLearners } from '../reports/list-region-learners';
import { listSyncedDevices } from '../reports/list-synced-devices';
import { regionCharts } from '../reports/region-charts';
import { regionReport } from '../reports/region-report';
import { reportCsv } from '../reports/report-csv';
import { silentHubs } from '../reports/silent-hubs';
import { silentVillages } from '../reports/silent-villages';
import { dataAsOf } from '../store/data-as-of';

const CodeParam = v.object({ code: RegionCodeSchema });
const SCOPED = {
  401: { description: 'Not signed in' },
  403: { description: 'Not an operator, monitor or admin, or the region is outside yours' },
  404: { description: 'No region with that code' },
};

/**
 * Region reports, scoped: operators and monitors read only inside their region, admin reads all.
 * Scope and region are checked on the primary; the report queries read `reportStore` (a replica
 * when configured), and each answer says how fresh that data is (`dataAsOf`, read first so it is a
 * lower bound; the CSV carries it in `X-Data-As-Of`).
 */
export const reportRoutes = new Hono<AppEnv>()
  .get(
    '/api/reports/regions/:code',
    describeRoute({
      operationId: 'regionReport',
      summary: 'Learners, activity, completion and test scores of a region and of each region one level down',
      tags: ['monitoring'],
      security: [{ bearer: [] }],
      responses: { 200: { description: 'The report', content: jsonContent(RegionReportResponseSchema) }, ...SCOPED },
    }),
    requireAuth('operator', 'monitor', 'admin'),
    validate('param', CodeParam),
    async (c) => {
      const scoped = await regionInScope(c, c.req.valid('param').code);
      const asOf = await dataAsOf(c.var.reportStore);
      const body: RegionReportResponse = { ...(await regionReport(c.var.reportStore, scoped.region)), dataAsOf: asOf };
      return c.json(body);
    },
  )
  .get(
    '/api/reports/regions/:code/silent',
    describeRoute({
      operationId: 'silentVillages',
      summary:
        'Desa with a learner who has not synced for `days` days (default 14) or never, oldest first; for a desa, its silent learners; and the region’s kecamatan hubs silent for a day',
      tags: ['monitoring'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'Silent villages', content: jsonContent(SilentVillagesResponseSchema) },
        ...SCOPED,
      },
    }),
    requireAuth('operator', 'monitor', 'admin'),
    validate('param', CodeParam),
    validate('query', v.object({ days: v.optional(v.pipe(v.string(), v.regex(/^\d{1,4}$/, 'whole days, 0–9999'))) })),
    async (c) => {
      const scoped = await regionInScope(c, c.req.valid('param').code);
      const days = Number(c.req.valid('query').days ?? 14);
      const asOf = await dataAsOf(c.var.reportStore);
      const result = await silentVillages(c.var.reportStore, scoped.region.code, days);
      const hubs = await silentHubs(c.var.reportStore, scoped.region.code);
      return c.json({ region: scoped.region, days, ...result, silentHubs: hubs, dataAsOf: asOf });
    },
  )
  .get(
    '/api/reports/regions/:code/csv',
    describeRoute({
      operationId: 'exportReportCsv',
      summary: 'The region report as CSV for Excel: UTF-8 with BOM, CRLF; `;` with decimal commas (default) or `,`',
      tags: ['monitoring'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'CSV file', content: { 'text/csv': { schema: { type: 'string' } } } },
        ...SCOPED,
      },
    }),
    requireAuth('operator', 'monitor', 'admin'),
    validate('param', CodeParam),
    validate('query', v.object({ delimiter: v.optional(v.picklist(['semicolon', 'comma'])) })),
    async (c) => {
      const scoped = await regionInScope(c, c.req.valid('param').code);
      const delimiter = c.req.valid('query').delimiter === 'comma' ? ',' : ';';
      const asOf = await dataAsOf(c.var.reportStore);
      const report = await regionReport(c.var.reportStore, scoped.region);
      const filename = `laporan-${scoped.region.code}-${report.generatedAt.slice(0, 10)}.csv`;
      return c.body(reportCsv(report, delimiter), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
        ...(asOf ? { 'X-Data-As-Of': asOf } : {}),
      });
    },
  )
  .get(
    '/api/reports/regions/:code/charts',
    describeRoute({
      operationId: 'regionCharts',
      summary:
        'Chart figures of a region: paired pre/post per region one level down, active learners per week, completion and certificates per course',
      tags: ['monitoring'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'The chart figures', content: jsonContent(RegionChartsResponseSchema) },
        ...SCOPED,
      },
    }),
    requireAuth('operator', 'monitor', 'admin'),
    validate('param', CodeParam),
    async (c) => {
      const scoped = await regionInScope(c, c.req.valid('param').code);
      return c.json(await regionCharts(c.var.reportStore, scoped.region));
    },
  )
  .get(
    '/api/reports/regions/:code/learners',
    describeRoute({
      operationId: 'listRegionLearners',
      summary:
        "The region's learners with their state: enrolled, phone activated, last sync, courses, first pre-test and best post-test",
      description:
        'Read from the primary store, not a reports replica: the operator watches a phone redeem its code and ' +
        'expects to see it activated at once. At most 5,000 learners (`truncated` says when cut).',
      tags: ['monitoring'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'The learners', content: jsonContent(RegionLearnersResponseSchema) },
        ...SCOPED,
      },
    }),
    requireAuth('operator', 'monitor', 'admin'),
    validate('param', CodeParam),
    async (c) => {
      const scoped = await regionInScope(c, c.req.valid('param').code);
      return c.json(await listRegionLearners(c.var.store, scoped.region.code));
    },
  )
  .get(
    '/api/reports/regions/:code/synced',
    describeRoute({
      operationId: 'listSyncedDevices',
      summary: 'Hari sinkron: the phones of the region whose last sync the server received since `since`, newest first',
      tags: ['monitoring'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'The phones', content: jsonContent(SyncedDevicesResponseSchema) },
        400: { description: '`invalid_request`: `since` is not a time' },
        ...SCOPED,
      },
    }),
    requireAuth('operator', 'monitor', 'admin'),
    validate('param', CodeParam),
    validate('query', SyncedDevicesQuerySchema),
    async (c) => {
      const scoped = await regionInScope(c, c.req.valid('param').code);
      const query = c.req.valid('query').since;
      const since = query ? new Date(query) : new Date(Date.now() - 24 * 3600 * 1000);
      const devices = await listSyncedDevices(c.var.store, scoped.region.code, since);
      return c.json({ since: since.toISOString(), devices } satisfies SyncedDevicesResponse);
    },
  );
