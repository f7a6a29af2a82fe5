import type { EnrolmentCodeRow } from '../../shared/monitoring/learner-import';
import { issueEnrolmentCode } from '../auth/enrolment-codes';
import { isWithin } from '../regions/region-scope';
import type { Store } from '../store/store';

/**
 * One-time enrolment codes for many learners at once (the operator prints them for the phones), in
 * one transaction, through the sync engineer's `issueEnrolmentCode` (each replaces that learner's
 * unused code). Learners outside `scope` or unknown are reported per row, never silently skipped.
 */
export async function issueEnrolmentCodes(
  store: Store,
  usernames: string[],
  scope: string,
  createdBy: string,
): Promise<EnrolmentCodeRow[]> {
  return store.transaction(async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      username: string;
      name: string;
      desa_code: string | null;
      jabatan: string | null;
    }>(
      `SELECT id::text AS id, username, name, desa_code, jabatan FROM users
       WHERE role = 'learner' AND disabled_at IS NULL AND username IN (SELECT json_array_elements_text($1::text::json))`,
      [JSON.stringify(usernames)],
    );
    const byUsername = new Map(rows.map((r) => [r.username, r]));
    const result: EnrolmentCodeRow[] = [];
    for (const username of new Set(usernames)) {
      const learner = byUsername.get(username);
      if (!learner) {
        result.push({ username, status: 'rejected', reason: 'unknown_learner' });
      } else if (scope !== '' && !(learner.desa_code && isWithin(learner.desa_code, scope))) {
        result.push({ username, status: 'rejected', reason: 'outside_region' });
      } else {
        const issued = await issueEnrolmentCode(tx, learner.id, createdBy);
        result.push({
          username,
          status: 'issued',
          name: learner.name,
          desaCode: learner.desa_code,
          jabatan: learner.jabatan,
          code: issued.code,
          expiresAt: issued.expiresAt.toISOString(),
          enrolPath: `/masuk?kode=${issued.code}`,
        });
      }
    }
    return result;
  });
}
