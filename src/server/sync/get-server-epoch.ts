import { randomUUID } from 'node:crypto';
import type { Queryable } from '../store/store';

/**
 * The store's epoch, which every push, pull and reconcile answer carries. It is written once, by
 * `seedServerEpoch` on first start (initializeStore; test and bench stores call it themselves), so
 * answering reads one row. A restored backup gets a new one (npm run restore), and phones then re-push.
 */
export async function getServerEpoch(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'server_epoch'`);
  if (!rows[0]) throw new Error('The store has no server epoch: it was not initialised (initializeStore)');
  return rows[0].value;
}

/** Gives the store an epoch unless it has one; true when this call created it (the store's first start). */
export async function seedServerEpoch(db: Queryable): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO meta (key, value) VALUES ('server_epoch', $1) ON CONFLICT (key) DO NOTHING RETURNING value`,
    [randomUUID()],
  );
  return rows.length > 0;
}
