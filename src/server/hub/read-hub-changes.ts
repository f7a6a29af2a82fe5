import { findAccount } from '../auth/users';
import { issuerPublicKeys } from '../certificates/issuer-key';
import { isWithin } from '../regions/region-scope';
import type { Queryable } from '../store/store';
import { readPullChanges, type PullPageLimits } from '../sync/read-pull-changes';
import type { HubIdentity } from './hub-credentials';
import type { HubChangesResponse, HubLearnerChanges } from './hub-protocol';

/**
 * One learner's page in a mirror answer. The answer holds a page for every changed learner of the
 * kecamatan at once, so each stays at the size a phone's pull had before its pages grew (500).
 */
const MIRROR_PAGE: PullPageLimits = { maxChanges: 500, maxBytes: 128 * 1024 };

/**
 * The national side of the grade mirror: for each learner of the hub's kecamatan whose grades,
 * progress or certificates changed after the hub's cursor, one page of exactly what their own pull
 * would answer (`readPullChanges`). Checkpoints are per learner, as for a phone: a change_seq below a
 * learner's checkpoint never appears later, across learners there is no such promise. One grouped
 * query per table finds who changed, so a quiet kecamatan costs three index scans.
 */
export async function readHubChanges(
  db: Queryable,
  hub: HubIdentity,
  cursors: Array<{ learnerId: string; since: string }>,
): Promise<HubChangesResponse> {
  const since = new Map(cursors.map((c) => [c.learnerId, BigInt(c.since)]));
  const ids = [...since.keys()];
  const { rows } = await db.query<{ learner_id: string; seq: string }>(
    `SELECT learner_id::text AS learner_id, max(seq)::text AS seq FROM (
        SELECT learner_id, max(change_seq) AS seq FROM attempts WHERE learner_id = ANY($1::uuid[]) GROUP BY learner_id
        UNION ALL
        SELECT learner_id, max(change_seq) FROM lesson_progress WHERE learner_id = ANY($1::uuid[]) GROUP BY learner_id
        UNION ALL
        SELECT learner_id, max(change_seq) FROM certificates WHERE learner_id = ANY($1::uuid[]) GROUP BY learner_id
      ) s GROUP BY learner_id`,
    [ids],
  );
  const changes: HubLearnerChanges[] = [];
  for (const row of rows) {
    if (BigInt(row.seq) <= since.get(row.learner_id)!) continue;
    const learner = await findAccount(db, row.learner_id);
    // A learner of another kecamatan is not this hub's to read: left out, as if unchanged.
    if (!learner || learner.role !== 'learner' || !(learner.desaCode && isWithin(learner.desaCode, hub.kecamatanCode)))
      continue;
    const page = await readPullChanges(db, row.learner_id, since.get(row.learner_id)!.toString(), MIRROR_PAGE);
    changes.push({
      learnerId: row.learner_id,
      checkpoint: page.checkpoint,
      hasMore: page.hasMore,
      grades: page.grades,
      progress: page.progress,
      certificates: page.certificates ?? [],
    });
  }
  return { changes, issuerKeys: await issuerPublicKeys(db) };
}
