import type { LenteraDatabase } from '../db/database';
import { hubEpochKey, readState, writeState } from '../db/sync-state';
import type { SyncContext } from './sync-context';

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

/**
 * Notes a kecamatan hub's own store epoch, apart from the national one. A hub only holds items for
 * the national server, which confirms them, and answers pulls with national checkpoints, so a
 * replaced or restored hub resets nothing on the phone: never "changed".
 */
export async function checkHubEpoch(db: LenteraDatabase, hubId: string, epoch: string): Promise<boolean> {
  if ((await readState(db, hubEpochKey(hubId))) !== epoch) await writeState(db, hubEpochKey(hubId), epoch);
  return false;
}

/** The epoch check for whichever server this run talks to: the national one or a hub. */
export function checkTargetEpoch(ctx: SyncContext, epoch: string): Promise<boolean> {
  return ctx.hub ? checkHubEpoch(ctx.db, ctx.hub.hubId, epoch) : checkServerEpoch(ctx.db, epoch);
}
