import type { LenteraDatabase } from '../db/database';

/**
 * Notes the server's epoch. When it differs from the one last seen, the server was restored from
 * a backup and may lack what it once confirmed: every item still held goes back to pending, and
 * pull checkpoints restart. Returns true when that happened.
 */
export async function checkServerEpoch(db: LenteraDatabase, epoch: string): Promise<boolean> {
  return db.transaction('rw', [db.outbox, db.syncState], async () => {
    const known = (await db.syncState.get('serverEpoch'))?.value as string | undefined;
    if (known === epoch) return false;
    await db.syncState.put({ key: 'serverEpoch', value: epoch });
    if (known === undefined) return false;
    await db.outbox.where('state').equals('synced').modify({ state: 'pending', nextTryAt: 0, tries: 0 });
    const checkpoints = await db.syncState.filter((s) => s.key.startsWith('pull:')).primaryKeys();
    await db.syncState.bulkDelete(checkpoints);
    return true;
  });
}
