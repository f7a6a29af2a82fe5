import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import {
  EnrolmentCodesRequestSchema,
  EnrolmentCodesResponseSchema,
  ImportLearnersResponseSchema,
  MAX_IMPORT_BYTES,
  type EnrolmentCodesResponse,
} from '../../shared/monitoring/learner-import';
import { recordAudit } from '../audit/record-audit';
import { CsvFileError, decodeCsvText } from '../enrolment/decode-csv-text';
import { importLearners } from '../enrolment/import-learners';
import { issueEnrolmentCodes } from '../enrolment/issue-enrolment-codes';
import { parseLearnerCsv } from '../enrolment/parse-learner-csv';
import { apiError } from '../http/api-error';
import type { AppEnv } from '../http/app-env';
import { jsonContent } from '../http/json-content';
import { requireAuth } from '../http/require-auth';
import { validate } from '../http/validate';
import { requireScope } from '../regions/region-scope';

/** Bulk enrolment of learners by operators (inside their region) and admin. */
export const enrolmentRoutes = new Hono<AppEnv>()
  .post(
    '/api/learners/import',
    describeRoute({
      operationId: 'importLearners',
      summary: 'Enrol learners from a CSV file (UTF-8; columns nama, username, kode_desa, jabatan, telepon, nip)',
      description:
        'The body is the CSV file itself (`text/csv`), at most 1 MiB and 5,000 rows. Each data row gets a result: ' +
        '`created`, `updated`, `unchanged` or `rejected` with a reason; valid rows are stored even when others are rejected. ' +
        'Importing the same file again changes nothing.',
      tags: ['monitoring'],
      security: [{ bearer: [] }],
      requestBody: { content: { 'text/csv': { schema: { type: 'string' } } } },
      responses: {
        200: {
          description: 'Per-row results',
          content: jsonContent(ImportLearnersResponseSchema),
        },
        400: { description: 'The file as a whole is unusable: `malformed_csv`, `missing_columns`, `empty_file`' },
        403: { description: 'Not an operator or admin, or not bound to a region' },
        413: { description: '`csv_too_large` or `too_many_rows`' },
        415: {
          description: '`wrong_encoding`: not UTF-8; `unsupported_media_type`: a multipart form instead of the file',
        },
      },
    }),
    requireAuth('operator', 'admin'),
    async (c) => {
      const scope = await requireScope(c);
      if (/^multipart\//i.test(c.req.header('content-type') ?? '')) {
        // A form upload would parse as a CSV whose header is the multipart boundary: say what to send.
        return apiError(
          c,
          415,
          'unsupported_media_type',
          'Send the CSV file itself as the body (Content-Type: text/csv)',
        );
      }
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.length > MAX_IMPORT_BYTES) {
        return apiError(c, 413, 'csv_too_large', `The file is ${bytes.length} bytes; at most ${MAX_IMPORT_BYTES}`);
      }
      try {
        const { rows, ignoredColumns } = parseLearnerCsv(decodeCsvText(bytes));
        const result = await importLearners(c.var.store, rows, scope);
        if (result.summary.created + result.summary.updated > 0) {
          // One entry per file, not per row: the log says who imported how many, the learners list says whom.
          await recordAudit(c.var.store, {
            actorId: c.var.account.id,
            action: 'learner.import',
            targetType: 'csv',
            targetId: `${rows.length}`,
            regionCode: scope === '' ? null : scope,
            detail: result.summary,
          });
        }
        return c.json({ ...result, ignoredColumns });
      } catch (err) {
        if (!(err instanceof CsvFileError)) throw err;
        const status = err.code === 'wrong_encoding' ? 415 : err.code === 'too_many_rows' ? 413 : 400;
        return apiError(c, status, err.code, err.message);
      }
    },
  )
  .post(
    '/api/learners/enrolment-codes',
    describeRoute({
      operationId: 'createEnrolmentCodes',
      summary: 'Issue one-time enrolment codes for many learners at once: the printable list with QR codes',
      tags: ['monitoring'],
      security: [{ bearer: [] }],
      responses: {
        200: {
          description: 'One row per username: the code or why not',
          content: jsonContent(EnrolmentCodesResponseSchema),
        },
        403: { description: 'Not an operator or admin, or not bound to a region' },
      },
    }),
    requireAuth('operator', 'admin'),
    validate('json', EnrolmentCodesRequestSchema),
    async (c) => {
      const scope = await requireScope(c);
      const rows = await issueEnrolmentCodes(c.var.store, c.req.valid('json').usernames, scope, c.var.account.id);
      for (const row of rows) {
        if (row.status !== 'issued') continue;
        await recordAudit(c.var.store, {
          actorId: c.var.account.id,
          action: 'enrolment.reissue',
          targetType: 'user',
          targetId: row.username,
          regionCode: row.desaCode ?? null,
          detail: { bulk: true },
        });
      }
      return c.json({ rows } satisfies EnrolmentCodesResponse);
    },
  );
