import type { Queryable } from '../store/store';
import { contentHash } from './content-hash';
import { jsonbValue } from '../store/jsonb-value';

/**
 * Content hashes of the already stored items among `ids` (lower-case), in one indexed lookup.
 * Rows stored before migration 0005 have no hash: only for those the item itself is fetched and hashed.
 * `= ANY (ARRAY(…))`, not `IN (SELECT …)`: as a semi-join the planner guesses 100 ids and, on a large
 * table, may hash them against a sequential scan of sync_items; an array is looked up in the primary key.
 * The hashes come back as one `id:hash,…` text rather than a row each: a replay finds every id of
 * its batch, and reading 2,000 rows cost the driver ~2 ms of Node per push, one text ~0.2 ms.
 */
export async function readStoredHashes(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ hashed: string | null; legacy: unknown }>(
    `SELECT string_agg(id::text || ':' || content_hash, ',') FILTER (WHERE content_hash IS NOT NULL) AS hashed,
            jsonb_agg(jsonb_build_array(id::text, item)) FILTER (WHERE content_hash IS NULL) AS legacy
       FROM sync_items
      WHERE id = ANY (ARRAY(SELECT value::uuid FROM jsonb_array_elements_text($1::text::jsonb)))`,
    [JSON.stringify(ids)],
  );
  const found = new Map<string, string>();
  const { hashed, legacy } = rows[0] ?? { hashed: null, legacy: null };
  // A uuid's text is 36 characters and a hash is hex: neither holds ':' or ','.
  if (hashed) for (const entry of hashed.split(',')) found.set(entry.slice(0, 36), entry.slice(37));
  if (legacy !== null && legacy !== undefined)
    for (const [id, item] of jsonbValue<Array<[string, unknown]>>(legacy)) found.set(id, contentHash(jsonbValue(item)));
  return found;
}
