import type { LenteraDatabase } from '../db/database';
import type { OutboxRow } from '../db/learning-records';
import { backoffDelay } from '../shared/sync/backoff-delay';

/** Failures of the item alone, each while the server stored other items, before it is given up. */
export const SERVER_ERRORS_TO_DEAD = 5;
/**
 * …and over at least this long: a burst of bad luck from a flaky server (one 5xx in three requests,
 * say) can hit the same item five times in a row within seconds, but not keep doing it for ten minutes.
 */
export const SERVER_ERROR_SPAN_MS = 10 * 60_000;
export const SERVER_ERROR_REASON = 'server_error_persistent';

/**
 * Counts one piece of evidence that `row` itself breaks the server: it failed alone with a 5xx in
 * a run in which the server accepted other items. Enough such evidence over enough time moves it
 * to the dead-letter list (`server_error_persistent`); until then it is retried with backoff like
 * any failure. Returns whether it went to the dead-letter list.
 */
export async function recordServerError(
  db: LenteraDatabase,
  row: OutboxRow,
  why: string,
  now: number,
  random: () => number,
): Promise<boolean> {
  return db.transaction('rw', db.outbox, async () => {
    // Re-read: the count lives on the row and only a pending row may change.
    const current = await db.outbox.get(row.seq);
    if (current?.state !== 'pending') return false;
    const serverErrors = {
      count: (current.serverErrors?.count ?? 0) + 1,
      firstAt: current.serverErrors?.firstAt ?? now,
    };
    if (serverErrors.count >= SERVER_ERRORS_TO_DEAD && now - serverErrors.firstAt >= SERVER_ERROR_SPAN_MS) {
      await db.outbox.update(row.seq, { state: 'dead', lastError: SERVER_ERROR_REASON, serverErrors });
      return true;
    }
    const tries = current.tries + 1;
    await db.outbox.update(row.seq, {
      tries,
      nextTryAt: now + backoffDelay(tries, random()),
      lastError: why,
      serverErrors,
    });
    return false;
  });
}
