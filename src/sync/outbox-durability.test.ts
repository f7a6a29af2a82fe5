// @vitest-environment node
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LenteraDatabase } from '../db/database';
import { enqueueOutbox } from '../db/enqueue-outbox';
import type { UnsequencedItem } from '../db/learning-records';
import { progressItem } from '../../tests/unit/builders/outbox-row';
import { selectDueRows } from './select-due-rows';

/** An item as the app hands it to the outbox: the outbox gives it its sequence number. */
const progress = (n: number): UnsequencedItem => {
  const { seq: _, ...item } = progressItem(n);
  return item;
};

/** The newest schema version the app declares (Dexie reports the highest declared version before opening). */
const CURRENT_VERSION = new LenteraDatabase('verno-probe').verno;

/** The next schema version as a later release will add it: a new index, nothing removed. */
class NextVersionDatabase extends LenteraDatabase {
  constructor(name: string) {
    super(name);
    this.version(CURRENT_VERSION + 1).stores({ outbox: 'seq, &id, [state+nextTryAt], learnerId, state' });
  }
}

describe('the outbox survives what browsers do to IndexedDB', () => {
  it('19. a Dexie schema upgrade with a non-empty outbox keeps every row, still pending and in order', async () => {
    const name = `upgrade-${Math.random()}`;
    const before = new LenteraDatabase(name);
    await before.transaction('rw', [before.outbox, before.syncState], async () => {
      for (let i = 1; i <= 5; i++) await enqueueOutbox(before, progress(i));
    });
    await before.outbox.update(1, { state: 'synced', syncedAt: 5 });
    before.close();

    const after = new NextVersionDatabase(name);
    await after.open();
    expect(after.verno).toBe(CURRENT_VERSION + 1);
    expect((await after.outbox.toArray()).map((r) => [r.seq, r.state])).toEqual([
      [1, 'synced'],
      [2, 'pending'],
      [3, 'pending'],
      [4, 'pending'],
      [5, 'pending'],
    ]);
    expect((await selectDueRows(after, Date.now())).map((r) => r.seq)).toEqual([2, 3, 4, 5]);
    // The sequence continues after the upgrade: numbers are never reused.
    const next = await after.transaction('rw', [after.outbox, after.syncState], () =>
      enqueueOutbox(after, progress(6)),
    );
    expect(next.seq).toBe(6);
    after.close();
    await after.delete();
  });

  it('18. the IndexedDB connection is lost (Safari) → the next write reopens it and nothing is lost', async () => {
    const db = new LenteraDatabase(`lost-${Math.random()}`);
    await db.transaction('rw', [db.outbox, db.syncState], () => enqueueOutbox(db, progress(1)));
    // What Safari does after the app sat in the background: the connection is closed under Dexie.
    db.backendDB().close();
    await db.transaction('rw', [db.outbox, db.syncState], () => enqueueOutbox(db, progress(2)));
    // And when the browser says so with a close event.
    const idb = db.backendDB();
    idb.close();
    idb.onclose?.call(idb, new Event('close'));
    await db.transaction('rw', [db.outbox, db.syncState], () => enqueueOutbox(db, progress(3)));
    expect((await db.outbox.toArray()).map((r) => [r.seq, r.id, r.state])).toEqual([
      [1, progress(1).id, 'pending'],
      [2, progress(2).id, 'pending'],
      [3, progress(3).id, 'pending'],
    ]);
    db.close();
    await db.delete();
  });
});
