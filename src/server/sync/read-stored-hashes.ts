import type { Queryable } from '../store/store';
import { contentHash } from './content-hash';
import { jsonbValue } from '../store/jsonb-value';

/**
 * Content hashes of the already stored items among `ids` (lower-case), in one indexed lookup.
 * Rows stored before migration 0005 have no hash: only for those the item itself is fetched and hashed.
 * `= ANY (ARRAY(…))`, not `IN (SELECT …)`: as a semi-join the planner guesses 100 ids and, on a large
 * table, may hash them against a sequential scan of sync_items; an array is looked up in the primary key.
 */
export async function readStoredHashes(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; content_hash: string | null; item: unknown }>(
    `SELECT id::text AS id, content_hash, CASE WHEN content_hash IS NULL THEN item END AS item
       FROM sync_items
      WHERE id = ANY (ARRAY(SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb)))`,
    [JSON.stringify(ids)],
  );
  return new Map(rows.map((r) => [r.id, r.content_hash ?? contentHash(jsonbValue(r.item))]));
}
