import type { Queryable } from '../store/store';

/**
 * Which of `ids` the server does not hold for this learner: the phone pushes those again
 * (it keeps synced items for a while precisely to be the server's backup). The ids as an array
 * (`= ANY (ARRAY(…))`), as in readStoredHashes: looked up in the primary key, never a hashed seq scan.
 */
export async function findMissingIds(db: Queryable, learnerId: string, ids: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id::text AS id FROM sync_items
      WHERE learner_id = $1 AND id = ANY (ARRAY(SELECT value::uuid FROM jsonb_array_elements_text($2::text::jsonb)))`,
    [learnerId, JSON.stringify(ids)],
  );
  const held = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !held.has(id)); // both lower-case: the schema canonicalises `ids`
}
