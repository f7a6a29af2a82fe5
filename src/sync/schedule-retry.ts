import type { LenteraDatabase } from '../db/database';
import type { OutboxRow } from '../db/learning-records';
import { backoffDelay } from '../shared/sync/backoff-delay';

/** Leaves the rows queued and sets their next try after a jittered backoff; nothing is dropped. */
export async function scheduleRetry(
  db: LenteraDatabase,
  rows: OutboxRow[],
  why: string,
  now: number,
  random: () => number,
  retryAfterMs = 0,
): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    for (const row of rows) {
      const tries = row.tries + 1;
      await db.outbox.update(row.seq, {
        tries,
        nextTryAt: now + backoffDelay(tries, random(), retryAfterMs),
        lastError: why,
      });
    }
  });
}

/** Moves one row to the dead-letter list with a reason: it will never succeed as it is. */
export async function markDead(db: LenteraDatabase, row: OutboxRow, reason: string): Promise<void> {
  await db.outbox.update(row.seq, { state: 'dead', lastError: reason });
}
