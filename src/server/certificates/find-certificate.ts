import type { CertificateChange } from '../../shared/certificates/certificate-protocol';
import type { Queryable } from '../store/store';

export interface StoredCertificate extends CertificateChange {
  learnerId: string;
  /** The learner's desa now (the audit log and region scope read it). */
  desaCode: string | null;
}

interface Row {
  id: string;
  learner_id: string;
  desa_code: string | null;
  course_id: string;
  course_version: string;
  code: string;
  issued_at: Date | string;
  revoked_at: Date | string | null;
  revoked_reason: string | null;
}

const COLUMNS = `c.id, c.learner_id::text AS learner_id, u.desa_code, c.course_id, c.course_version, c.code,
                 c.issued_at, c.revoked_at, c.revoked_reason`;
const iso = (t: Date | string) => new Date(t).toISOString();

function toCertificate(r: Row): StoredCertificate {
  return {
    id: r.id,
    learnerId: r.learner_id,
    desaCode: r.desa_code,
    courseId: r.course_id,
    courseVersion: r.course_version,
    code: r.code,
    issuedAt: iso(r.issued_at),
    revokedAt: r.revoked_at === null ? null : iso(r.revoked_at),
    revokedReason: r.revoked_reason,
  };
}

/** One certificate by id, or null. */
export async function findCertificate(db: Queryable, id: string): Promise<StoredCertificate | null> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM certificates c JOIN users u ON u.id = c.learner_id WHERE c.id = $1`,
    [id],
  );
  return rows[0] ? toCertificate(rows[0]) : null;
}

/** A learner's certificates changed (issued or revoked) after pull checkpoint `since`, oldest first. */
export async function certificateChangesAfter(
  db: Queryable,
  learnerId: string,
  since: string,
  limit: number,
): Promise<Array<{ seq: bigint; certificate: CertificateChange }>> {
  const { rows } = await db.query<Row & { seq: string }>(
    `SELECT ${COLUMNS}, c.change_seq::text AS seq FROM certificates c JOIN users u ON u.id = c.learner_id
      WHERE c.learner_id = $1 AND c.change_seq > $2::bigint ORDER BY c.change_seq LIMIT $3`,
    [learnerId, since, limit],
  );
  return rows.map((r) => {
    const { learnerId: _learner, desaCode: _desa, ...certificate } = toCertificate(r);
    return { seq: BigInt(r.seq), certificate };
  });
}
