/**
 * The reconcile summary (docs/sync-protocol.md): the phone's synced ids, sorted, cut into ranges of
 * `RECONCILE_RANGE_IDS`, each sent as first id, last id, count and a digest instead of the ids.
 * The server digests what it holds from this learner and device in the same range; only a range
 * whose digest differs is asked about id by id. Ids are lower-case, sorted as strings — the order
 * PostgreSQL sorts `uuid` in (bytewise), so both sides cut the same ranges.
 */
export interface IdRange {
  first: string;
  last: string;
  count: number;
  digest: string;
}

/**
 * Ids per range: one range that differs costs its ids (~39 B each) in the follow-up request, a
 * range that matches ~90 B. 500 keeps a day's 13,000 items at ~26 ranges (~2 KB) and one lost item
 * at ~20 KB to find.
 */
export const RECONCILE_RANGE_IDS = 500;

/** SHA-256 of the sorted ids, one per line, as 32 hex digits (128 bits: a collision is not a risk). */
export async function digestIds(sortedIds: readonly string[]): Promise<string> {
  const bytes = new TextEncoder().encode(sortedIds.join('\n'));
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(hash.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The ids lower-cased, de-duplicated and sorted: the one order both sides digest in. */
export function sortIds(ids: Iterable<string>): string[] {
  return [...new Set(Array.from(ids, (id) => id.toLowerCase()))].sort(compareIds);
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The summary of `sortedIds` (from `sortIds`), with the ids of each range beside it. */
export async function summarizeIds(
  sortedIds: readonly string[],
  perRange = RECONCILE_RANGE_IDS,
): Promise<Array<{ range: IdRange; ids: string[] }>> {
  const out: Array<{ range: IdRange; ids: string[] }> = [];
  for (let i = 0; i < sortedIds.length; i += perRange) {
    const ids = sortedIds.slice(i, i + perRange);
    out.push({
      range: { first: ids[0]!, last: ids[ids.length - 1]!, count: ids.length, digest: await digestIds(ids) },
      ids,
    });
  }
  return out;
}

/** The ids of `sortedIds` inside [first, last] (binary search; `sortedIds` from `sortIds` or SQL `ORDER BY id`). */
export function idsInRange(sortedIds: readonly string[], first: string, last: string): readonly string[] {
  const lower = (x: string, strict: boolean) => {
    let lo = 0;
    let hi = sortedIds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = compareIds(sortedIds[mid]!, x);
      if (c < 0 || (strict && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return sortedIds.slice(lower(first, false), lower(last, true));
}
