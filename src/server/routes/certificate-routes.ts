import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import {
  CertificateIdSchema,
  CertificateStatusSchema,
  IssuerKeysResponseSchema,
  RevokeCertificateRequestSchema,
  type CertificateStatus,
} from '../../shared/certificates/certificate-protocol';
import { recordAudit } from '../audit/record-audit';
import { checkCertificate } from '../certificates/check-certificate';
import { findCertificate } from '../certificates/find-certificate';
import { currentIssuerKey, issuerPublicKeys } from '../certificates/issuer-key';
import { revokeCertificate } from '../certificates/revoke-certificate';
import { VERIFY_PAGE_CSS, verifyPage } from '../certificates/verify-page';
import { ApiProblem } from '../http/api-problem';
import type { AppEnv } from '../http/app-env';
import { jsonContent } from '../http/json-content';
import { requireAuth } from '../http/require-auth';
import { validate } from '../http/validate';

const IdParam = v.object({ id: CertificateIdSchema });

const statusOf = (c: {
  id: string;
  code: string;
  issuedAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
}): CertificateStatus => ({
  id: c.id,
  code: c.code,
  issuedAt: c.issuedAt,
  revokedAt: c.revokedAt,
  revokedReason: c.revokedReason,
});

/**
 * Certificates (docs/certificates.md). Verifying is public on purpose: whoever holds a certificate
 * (an employer, a district office) checks it without an account, and what it shows is what the
 * printed certificate already says. Revoking is for admins only.
 */
export const certificateRoutes = new Hono<AppEnv>()
  .get(
    '/api/certificates/keys',
    describeRoute({
      operationId: 'listIssuerKeys',
      summary: 'The issuer public keys a phone pins to verify certificate QR codes offline (public)',
      tags: ['certificates'],
      responses: {
        200: { description: 'Every key that has signed or will sign', content: jsonContent(IssuerKeysResponseSchema) },
      },
    }),
    async (c) => {
      await currentIssuerKey(c.var.store); // listed from the first day, before it signs anything
      return c.json({ keys: await issuerPublicKeys(c.var.store) });
    },
  )
  .get(
    '/api/certificates/:id',
    describeRoute({
      operationId: 'getCertificate',
      summary: 'One certificate: its signed code and whether it was revoked (public, like the verify page)',
      tags: ['certificates'],
      responses: {
        200: { description: 'The certificate', content: jsonContent(CertificateStatusSchema) },
        400: { description: 'Not a certificate id' },
        404: { description: 'No certificate with that id' },
      },
    }),
    validate('param', IdParam),
    async (c) => {
      const certificate = await findCertificate(c.var.store, c.req.valid('param').id);
      if (!certificate) throw new ApiProblem(404, 'certificate_not_found', 'No such certificate');
      return c.json(statusOf(certificate));
    },
  )
  .post(
    '/api/certificates/:id/revoke',
    describeRoute({
      operationId: 'revokeCertificate',
      summary:
        'Revoke a certificate with a reason (admin); the verify page and the learner’s phone then show it revoked',
      tags: ['certificates'],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'The revoked certificate', content: jsonContent(CertificateStatusSchema) },
        400: { description: 'Not a certificate id, or no reason given' },
        401: { description: 'Not signed in' },
        403: { description: 'Not an admin' },
        404: { description: 'No certificate with that id' },
        409: { description: 'Already revoked (the first revocation stands)' },
      },
    }),
    requireAuth('admin'),
    // The body's media type first, as on every JSON route: a form post answers 415 whatever the id.
    validate('json', RevokeCertificateRequestSchema),
    validate('param', IdParam),
    async (c) => {
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const admin = c.var.account.id;
      const certificate = await c.var.store.transaction(async (tx) => {
        const revoked = await revokeCertificate(tx, id, reason, admin);
        await recordAudit(tx, {
          actorId: admin,
          action: 'certificate.revoke',
          targetType: 'certificate',
          targetId: id,
          regionCode: revoked.desaCode,
          detail: { courseId: revoked.courseId, courseVersion: revoked.courseVersion, reason },
        });
        return revoked;
      });
      return c.json(statusOf(certificate));
    },
  )
  .get(
    '/verifikasi.css',
    describeRoute({
      operationId: 'verifyPageStyle',
      summary: 'The stylesheet of the verify page (public; the CSP allows only same-origin styles)',
      tags: ['certificates'],
      responses: { 200: { description: 'CSS', content: { 'text/css': { schema: { type: 'string' } } } } },
    }),
    (c) =>
      c.body(VERIFY_PAGE_CSS, 200, {
        'Content-Type': 'text/css; charset=utf-8',
        'Cache-Control': 'public, max-age=3600',
      }),
  )
  .get(
    '/verifikasi/:id',
    describeRoute({
      operationId: 'verifyCertificatePage',
      summary: 'Public HTML page that verifies a certificate online: valid, revoked (date, reason) or not found',
      tags: ['certificates'],
      responses: {
        200: { description: 'Valid or revoked', content: { 'text/html': { schema: { type: 'string' } } } },
        404: { description: 'No certificate with that id', content: { 'text/html': { schema: { type: 'string' } } } },
      },
    }),
    async (c) => {
      // Any id at all gets a page, never an error body: a mistyped id is "tidak ditemukan".
      const parsed = v.safeParse(CertificateIdSchema, c.req.param('id'));
      const outcome = parsed.success
        ? await checkCertificate(c.var.store, parsed.output)
        : ({ kind: 'unknown', id: c.req.param('id') } as const);
      const { status, body } = await verifyPage(outcome);
      return c.html(body, status, { 'Cache-Control': 'no-store' });
    },
  );
