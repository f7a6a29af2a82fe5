import { ApiProblem } from '../http/api-problem';
import type { Queryable } from '../store/store';
import { findCertificate, type StoredCertificate } from './find-certificate';

/**
 * Revokes a certificate with the admin's reason; the learner's phone hears of it at its next pull
 * (a new change_seq). Throws 404 for an unknown id and 409 when it is already revoked, so the first
 * reason and date stay as they were.
 */
export async function revokeCertificate(
  db: Queryable,
  id: string,
  reason: string,
  adminId: string,
): Promise<StoredCertificate> {
  const updated = await db.query(
    `UPDATE certificates SET revoked_at = now(), revoked_reason = $2, revoked_by = $3,
            change_seq = nextval('sync_change_seq')
      WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
    [id, reason, adminId],
  );
  const certificate = await findCertificate(db, id);
  if (!certificate) throw new ApiProblem(404, 'certificate_not_found', `No certificate ${id}`);
  if (updated.rows.length === 0) {
    throw new ApiProblem(409, 'certificate_revoked', `Certificate ${id} was already revoked`, {
      revokedAt: certificate.revokedAt,
    });
  }
  return certificate;
}
