import type { LenteraDatabase } from '../db/database';

/** How long synced items stay on the phone as the server's backup (reconcile, epoch change). */
export const RETENTION_MS = 30 * 24 * 3600 * 1000;

/** Deletes synced outbox rows older than the retention period; pending and dead rows are never pruned. */
export async function pruneSynced(db: LenteraDatabase, now: number): Promise<number> {
  return db.outbox.filter((r) => r.state === 'synced' && (r.syncedAt ?? 0) < now - RETENTION_MS).delete();
}
