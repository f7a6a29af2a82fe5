import { digestIds, idsInRange, sortIds, type IdRange } from '../../shared/sync/id-ranges';
import type { Queryable } from '../store/store';

/**
 * Which of a phone's reconcile ranges (id-ranges.ts) the server does not hold exactly: their
 * positions. Compared with what this learner's items from this device are in each range — the
 * same learner's other phones push their own items, which this phone never held. A range also
 * differs when the server holds more (items the phone has pruned): the phone then sends that
 * range's ids and learns that nothing is missing.
 * One query for all ranges.
 */
export async function findDifferingRanges(
  db: Queryable,
  learnerId: string,
  deviceId: string,
  ranges: IdRange[],
): Promise<number[]> {
  // By the learner's index, not the id range: ids are time-ordered (v7) or random (v4), so the
  // range between a phone's lowest and highest id can hold most of the table's other learners.
  const { rows } = await db.query<{ id: string }>(
    `SELECT id::text AS id FROM sync_items WHERE learner_id = $1 AND device_id = $2`,
    [learnerId, deviceId],
  );
  // Sorted here as the phone sorts (lower-case text, which is uuid order): both cut the same ranges.
  const held = sortIds(rows.map((r) => r.id));
  const differ: number[] = [];
  for (const [index, range] of ranges.entries()) {
    const ids = idsInRange(held, range.first, range.last);
    if (ids.length !== range.count || (await digestIds(ids)) !== range.digest) differ.push(index);
  }
  return differ;
}
