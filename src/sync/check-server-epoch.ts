import type { LenteraDatabase } from '../db/database';
import { readState, writeState } from '../db/sync-state';

/**
 * Notes the server's epoch. When it differs from the one last seen, the server was restored from
 * a backup and may lack what it once confirmed: every item still held goes back to pending, and
 * pull checkpoints restart. Returns true when that happened.
 */
export async function checkServerEpoch(db: LenteraDatabase, epoch: string): Promise<boolean> {
  return db.transaction('rw', [db.outbox, db.syncState], async () => {
    const known = await readState(db, 'serverEpoch');
    if (known === epoch) return false;
    await writeState(db, 'serverEpoch', epoch);
    if (known === undefined) return false;
    await db.outbox.where('state').equals('synced').modify({ state: 'pending', nextTryAt: 0, tries: 0 });
    const checkpoints = await db.syncState.filter((s) => s.key.startsWith('pull:')).primaryKeys();
    await db.syncState.bulkDelete(checkpoints);
    return true;
  });
}
