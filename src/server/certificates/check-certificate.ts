import { verifyCertificate } from '../../shared/certificates/certificate-code';
import type { Queryable } from '../store/store';
import { findCertificate } from './find-certificate';
import { issuerPublicKeys } from './issuer-key';
import type { VerifyOutcome } from './verify-page';

/**
 * What the server knows of a certificate id: unknown, revoked, or its stored code checked against
 * the issuer keys (a stored code that fails says so instead of being shown as valid).
 */
export async function checkCertificate(db: Queryable, id: string): Promise<VerifyOutcome> {
  const certificate = await findCertificate(db, id);
  if (!certificate) return { kind: 'unknown', id };
  const check = await verifyCertificate(certificate.code, await issuerPublicKeys(db));
  if (!check.ok) return { kind: 'invalid', certificate, reason: check.reason };
  if (certificate.revokedAt) {
    return { kind: 'revoked', certificate, content: check.content };
  }
  return { kind: 'valid', certificate, content: check.content };
}
