import type { LenteraDatabase } from '../db/database';
import type { OutboxRow } from '../db/learning-records';
import { rowIds, unfoldRow } from '../db/row-items';
import type { PushItemResult } from '../shared/sync/protocol';

/**
 * An item a hub holds is offered again after this long (the hub answers `duplicate` once the
 * national server has it): soon enough to be confirmed at the next visit, not at every sync.
 */
export const HELD_RECHECK_MS = 10 * 60 * 1000;

/**
 * Records the server's answer per item, in one transaction: accepted and duplicate are synced
 * (kept for the retention period, for reconcile); conflict and rejected go to the dead-letter list
 * with their reason. Only now, after the answer, is anything marked synced. `held` (a kecamatan hub
 * stored it for the national server) keeps the item pending and carried, by `heldBy`, until a later
 * answer confirms it. Results are per item: a row carrying a finished attempt's answers takes the
 * results of all its items, and is split into one row per item when they differ.
 */
export async function applyPushResults(
  db: LenteraDatabase,
  rows: OutboxRow[],
  results: PushItemResult[],
  now: number,
  heldBy = 'hub',
): Promise<{ synced: number; dead: number }> {
  let synced = 0;
  let dead = 0;
  /** Per row sent: what it becomes (itself changed, or one row per item when its items fared differently). */
  const updated: OutboxRow[][] = [];
  const settledIds: string[] = [];
  const held = new Set<OutboxRow>();
  let index = 0;
  for (const row of rows) {
    const outcomes = rowIds(row).map((id) => settle(id, results[index], index++));
    // An attempt's answers and its attempt item (one row) almost always fare alike: the row moves
    // as one. Otherwise each item goes its own way in a row of its own (a dead row is one item).
    const one = outcomes.every((o) => o === outcomes[0]) ? [outcomes[0]] : undefined;
    const parts = one ? [row] : unfoldRow(row);
    updated.push(
      parts.map((part, k) => {
        const outcome = (one ?? outcomes)[k];
        if (outcome === undefined) return part; // not answered: retry later
        if (outcome === 'held') {
          const heldRow: OutboxRow = { ...part, nextTryAt: now + HELD_RECHECK_MS, lastError: 'held' };
          held.add(heldRow);
          return heldRow;
        }
        const ids = rowIds(part);
        settledIds.push(...ids);
        if (outcome === 'synced') {
          synced += ids.length;
          const { lastError: _, serverErrors: __, ...rest } = part;
          return { ...rest, state: 'synced', syncedAt: now };
        }
        dead++;
        return { ...part, state: 'dead', lastError: outcome.reason };
      }),
    );
  }
  await db.transaction('rw', db.outbox, db.carriedItems, async () => {
    // Re-read: a server-epoch reset may have touched these rows since they were selected.
    const [pending, carried] = await Promise.all([stillPending(db, rows), db.carriedItems.count()]);
    const written = updated.flatMap((parts, i) => (pending.has(rows[i]!.seq) ? parts : []));
    await db.outbox.bulkPut(written);
    // Items carried by file are confirmed (or refused) now, whichever way the server got them first.
    // Most phones carry nothing: then there is nothing to look up for each of the batch's ids.
    if (carried > 0) await db.carriedItems.bulkDelete(settledIds);
    // Held by a hub: shown as carried, like a result file, until the national server has them.
    await db.carriedItems.bulkPut(
      written
        .filter((r) => held.has(r))
        .flatMap((r) => rowIds(r).map((id) => ({ id, learnerId: r.learnerId, fileName: heldBy, carriedAt: now }))),
    );
  });
  return { synced, dead };
}

/** What the answer at `index` says of the item `id`: synced, held, dead with a reason, or nothing (not answered). */
function settle(
  id: string,
  result: PushItemResult | undefined,
  index: number,
): 'synced' | 'held' | { reason: string } | undefined {
  // Results come in request order; an id that does not match means the answer is not for this item.
  if (!result || result.index !== index || (result.id !== null && result.id.toLowerCase() !== id.toLowerCase()))
    return undefined;
  if (result.status === 'held') return 'held';
  if (result.status === 'accepted' || result.status === 'duplicate') return 'synced';
  return { reason: result.status === 'conflict' ? 'conflict' : (result.reason ?? 'rejected') };
}

/**
 * Which of `rows` are still pending, by `seq`. A batch of 500 rows or more is looked up in the
 * pending index by key alone: reading every row back costs a copy of each stored value (over a third
 * of the time to record an 8,000-row answer, measured on fake-indexeddb), the index scan only its
 * keys. One that would read more than ten keys per row (a long queue behind the batch) reads the
 * rows instead, as a smaller batch does.
 */
async function stillPending(db: LenteraDatabase, rows: OutboxRow[]): Promise<Set<number>> {
  const limit = rows.length * 10;
  const keys = rows.length < 500 ? null : await db.outbox.where('state').equals('pending').limit(limit).primaryKeys();
  if (keys && keys.length < limit) return new Set(keys);
  const current = await db.outbox.bulkGet(rows.map((r) => r.seq));
  return new Set(current.flatMap((r) => (r?.state === 'pending' ? [r.seq] : [])));
}
