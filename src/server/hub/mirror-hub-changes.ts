import type { GradeChange, ProgressChange } from '../../shared/sync/protocol';
import type { CertificateChange } from '../../shared/certificates/certificate-protocol';
import type { Store } from '../store/store';
import { MAX_MIRROR_CURSORS } from './hub-protocol';
import { postHubChanges, type UpstreamClient } from './upstream-client';

/**
 * The hub side of the grade mirror: asks the national server for its learners' changes after each
 * learner's cursor, page by page until none has more, and keeps them in `hub_pull_changes` (a newer
 * change of the same attempt, lesson or certificate replaces the older) with the cursor, in one
 * transaction per answer, so a killed hub resumes where it stopped. Returns the changes stored.
 */
export async function mirrorHubChanges(store: Store, client: UpstreamClient): Promise<number> {
  let stored = 0;
  for (let round = 0; round < 1000; round++) {
    const { rows } = await store.query<{ id: string; since: string }>(
      `SELECT u.id::text AS id, COALESCE(c.checkpoint, 0)::text AS since
         FROM users u LEFT JOIN hub_pull_cursors c ON c.learner_id = u.id
        WHERE u.role = 'learner' AND u.disabled_at IS NULL ORDER BY u.id`,
    );
    let more = false;
    for (let start = 0; start < rows.length; start += MAX_MIRROR_CURSORS) {
      const cursors = rows.slice(start, start + MAX_MIRROR_CURSORS).map((r) => ({ learnerId: r.id, since: r.since }));
      const answer = await postHubChanges(client, cursors);
      await store.transaction(async (tx) => {
        for (const page of answer.changes) {
          const put = (kind: string, key: string, change: unknown) =>
            tx.query(
              `INSERT INTO hub_pull_changes (learner_id, kind, key, seq, change) VALUES ($1, $2, $3, $4, $5::text::jsonb)
               ON CONFLICT (learner_id, kind, key) DO UPDATE SET seq = EXCLUDED.seq, change = EXCLUDED.change`,
              [page.learnerId, kind, key, page.checkpoint, JSON.stringify(change)],
            );
          for (const g of page.grades as GradeChange[]) await put('grade', g.attemptId, g);
          for (const p of page.progress as ProgressChange[]) await put('progress', `${p.courseId}/${p.lessonId}`, p);
          for (const c of (page.certificates ?? []) as CertificateChange[]) await put('certificate', c.id, c);
          stored += page.grades.length + page.progress.length + (page.certificates?.length ?? 0);
          await tx.query(
            `INSERT INTO hub_pull_cursors (learner_id, checkpoint) VALUES ($1, $2)
             ON CONFLICT (learner_id) DO UPDATE SET checkpoint = EXCLUDED.checkpoint`,
            [page.learnerId, page.checkpoint],
          );
          more ||= page.hasMore;
        }
        await tx.query(
          `INSERT INTO meta (key, value) VALUES ('hub_issuer_keys', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
          [JSON.stringify(answer.issuerKeys)],
        );
      });
    }
    if (!more) break;
  }
  return stored;
}
