import * as v from 'valibot';

// Certificates on the wire: in the pull answer (to the learner's phone), the public JSON and key
// list, and the admin's revocation. See docs/certificates.md.

/**
 * A certificate id: 12 letters and digits of the unambiguous alphabet the server issues from, in
 * either case (an id typed from paper in lower case is the same id).
 */
export const CertificateIdSchema = v.pipe(
  v.string(),
  v.trim(),
  v.toUpperCase(),
  v.regex(/^[A-HJ-NP-Z2-9]{12}$/, 'a 12-character certificate id'),
);

/** An issuer public key a phone pins: `kid` and the raw P-256 point, base64url. */
export const IssuerPublicKeySchema = v.object({
  kid: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8}$/)),
  publicKey: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{87}$/)),
});

/** One of the learner's certificates as the pull carries it: issued, or changed by a revocation. */
export const CertificateChangeSchema = v.object({
  id: v.string(),
  courseId: v.string(),
  courseVersion: v.string(),
  /** The signed code (QR text); its content is what the certificate says. */
  code: v.string(),
  issuedAt: v.string(),
  revokedAt: v.nullable(v.string()),
  revokedReason: v.nullable(v.string()),
});
export type CertificateChange = v.InferOutput<typeof CertificateChangeSchema>;

/** Body of `POST /api/certificates/{id}/revoke` (operationId `revokeCertificate`). */
export const RevokeCertificateRequestSchema = v.strictObject({
  reason: v.pipe(v.string(), v.trim(), v.minLength(3, 'a reason of at least 3 characters'), v.maxLength(500)),
});

/** `GET /api/certificates/{id}` (operationId `getCertificate`): public, like the verify page. */
export const CertificateStatusSchema = v.object({
  id: v.string(),
  code: v.string(),
  issuedAt: v.string(),
  revokedAt: v.nullable(v.string()),
  revokedReason: v.nullable(v.string()),
});
export type CertificateStatus = v.InferOutput<typeof CertificateStatusSchema>;

/** `GET /api/certificates/keys` (operationId `listIssuerKeys`): the keys phones verify codes against. */
export const IssuerKeysResponseSchema = v.object({ keys: v.array(IssuerPublicKeySchema) });
