import type { SyncItem } from '../shared/sync/sync-item';
import type { OutboxRow } from './learning-records';

/**
 * Every item an outbox row carries, in the order they go out: a finished attempt's answers folded
 * into its row (`OutboxRow.answers`), then the row's own item. Most rows carry one item.
 * @example const items = batch.flatMap(rowItems);
 */
export function rowItems(row: OutboxRow): SyncItem[] {
  return row.answers ? [...row.answers, row.item] : [row.item];
}

/** The ids of every item the row carries (what the server, a hub and a result file know them by). */
export function rowIds(row: OutboxRow): string[] {
  return row.answers ? [...row.answers.map((a) => a.id), row.id] : [row.id];
}

/**
 * The row as one row per item, each keyed by its own item's sequence number, in the same state:
 * the keys the answers had before they were folded (never reused, `enqueueOutbox`), and the
 * attempt keeps the row's. Used when the items' fates differ (one refused, the rest stored) or a
 * failing batch must be split below one attempt.
 */
export function unfoldRow(row: OutboxRow): OutboxRow[] {
  if (!row.answers) return [row];
  const { answers: _, ...attemptRow } = row;
  return [...row.answers.map((item): OutboxRow => ({ ...attemptRow, seq: item.seq, id: item.id, item })), attemptRow];
}
