import { randomUUID } from 'node:crypto';
import type { Queryable } from '../store/store';

/**
 * The store's epoch (set on first start by initializeStore); created here when missing so a bare
 * test store behaves like a seeded one. A restored backup carries an older epoch only if it was
 * replaced: operators rotate it on restore (docs/operations.md), and clients then re-push.
 */
export async function getServerEpoch(db: Queryable): Promise<string> {
  await db.query(`INSERT INTO meta (key, value) VALUES ('server_epoch', $1) ON CONFLICT (key) DO NOTHING`, [
    randomUUID(),
  ]);
  const { rows } = await db.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'server_epoch'`);
  return rows[0]!.value;
}
