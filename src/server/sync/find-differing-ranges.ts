import { digestIds, idsInRange, type IdRange } from '../../shared/sync/id-ranges';
import type { Queryable } from '../store/store';

/**
 * Which of a phone's reconcile ranges (id-ranges.ts) the server does not hold exactly: their
 * positions. Compared with what this learner's items from this device are in each range — the
 * same learner's other phones push their own items, which this phone never held. A range also
 * differs when the server holds more (items the phone has pruned): the phone then sends that
 * range's ids and learns that nothing is missing. One indexed range scan for all ranges.
 */
export async function findDifferingRanges(
  db: Queryable,
  learnerId: string,
  deviceId: string,
  ranges: IdRange[],
): Promise<number[]> {
  const lowest = ranges.reduce((m, r) => (r.first < m ? r.first : m), ranges[0]!.first);
  const highest = ranges.reduce((m, r) => (r.last > m ? r.last : m), ranges[0]!.last);
  const { rows } = await db.query<{ id: string }>(
    `SELECT id::text AS id FROM sync_items
      WHERE id BETWEEN $3::uuid AND $4::uuid AND learner_id = $1 AND device_id = $2
      ORDER BY id`,
    [learnerId, deviceId, lowest, highest],
  );
  // uuid order is bytewise, which is the order of the lower-case text: the ranges cut the same ids.
  const held = rows.map((r) => r.id);
  const differ: number[] = [];
  for (const [index, range] of ranges.entries()) {
    const ids = idsInRange(held, range.first, range.last);
    if (ids.length !== range.count || (await digestIds(ids)) !== range.digest) differ.push(index);
  }
  return differ;
}
