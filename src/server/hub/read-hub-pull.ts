import type { CertificateChange } from '../../shared/certificates/certificate-protocol';
import { MAX_PULL_CHANGES, type GradeChange, type ProgressChange, type PullResponse } from '../../shared/sync/protocol';
import type { Queryable } from '../store/store';

/**
 * A learner's pull on a hub, from the mirrored changes: those after `since` (a national checkpoint),
 * oldest first, cut between checkpoints so that no change is skipped (a national page's changes
 * share its checkpoint, and a page holds at most MAX_PULL_CHANGES).
 */
export async function readHubPull(
  db: Queryable,
  learnerId: string,
  since: string,
): Promise<Omit<PullResponse, 'serverEpoch'>> {
  const limit = MAX_PULL_CHANGES * 2 + 1;
  const { rows: read } = await db.query<{ kind: string; seq: string; change: unknown }>(
    `SELECT kind, seq::text AS seq, change FROM hub_pull_changes
      WHERE learner_id = $1 AND seq > $2::bigint ORDER BY seq, kind, key LIMIT $3`,
    [learnerId, since, limit],
  );
  // A full read may have cut the last checkpoint's changes short: leave that checkpoint for the next pull.
  const cut = read.length === limit;
  const rows = cut ? read.filter((r) => r.seq !== read[read.length - 1]!.seq) : read;
  const out: Omit<PullResponse, 'serverEpoch'> = {
    checkpoint: since,
    hasMore: cut,
    grades: [],
    progress: [],
    certificates: [],
    catalogVersion: null,
  };
  let taken = 0;
  for (let i = 0; i < rows.length;) {
    let j = i;
    while (j < rows.length && rows[j]!.seq === rows[i]!.seq) j++;
    if (taken > 0 && taken + (j - i) > MAX_PULL_CHANGES) {
      out.hasMore = true;
      break;
    }
    for (const r of rows.slice(i, j)) {
      if (r.kind === 'grade') out.grades.push(r.change as GradeChange);
      else if (r.kind === 'progress') out.progress.push(r.change as ProgressChange);
      else out.certificates!.push(r.change as CertificateChange);
    }
    taken += j - i;
    out.checkpoint = rows[i]!.seq;
    i = j;
  }
  const keys = await db.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'hub_issuer_keys'`);
  if (keys.rows[0]) out.issuerKeys = JSON.parse(keys.rows[0].value) as PullResponse['issuerKeys'];
  return out;
}
