// Certificates on the phone: the learner's own (from the pull) and the issuer keys this phone trusts.

/** One of a learner's certificates, as the server issued it. */
export interface CertificateRecord {
  id: string;
  learnerId: string;
  courseId: string;
  courseVersion: string;
  /** The signed code the QR holds; what the certificate says is read from it. */
  code: string;
  /** ISO time of issue. */
  issuedAt: string;
  /** Set when an admin revoked it (the phone hears of it at a later pull). */
  revokedAt: string | null;
  revokedReason: string | null;
}

/**
 * An issuer public key this phone verifies certificate QR codes against, offline. Pinned: a key
 * is added when the phone's own server lists it and never replaced or dropped by a later answer,
 * so a certificate verified once keeps verifying.
 */
export interface TrustedIssuerKey {
  kid: string;
  /** Raw P-256 point, base64url. */
  publicKey: string;
  /** When this phone first pinned it (ms). */
  pinnedAt: number;
}
