// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { LenteraDatabase } from '../db/database';
import type { OutboxRow } from '../db/learning-records';
import { applyPushResults } from './apply-push-results';
import { checkServerEpoch } from './check-server-epoch';

let db: LenteraDatabase;
afterEach(async () => {
  db.close();
  await db.delete();
});

const row = (seq: number, state: OutboxRow['state']): OutboxRow => ({
  seq,
  id: `00000000-0000-7000-8000-00000000000${seq}`,
  learnerId: 'L',
  item: {
    kind: 'progress',
    id: `00000000-0000-7000-8000-00000000000${seq}`,
    learnerId: 'L',
    seq,
    courseId: 'c',
    lessonId: 'l',
    completed: true,
    hlc: '1:0:a',
    updatedAt: 1,
  },
  state,
  tries: 0,
  nextTryAt: 0,
});

describe('checkServerEpoch', () => {
  it('first epoch is just remembered; a new epoch re-queues every synced item and restarts pulls', async () => {
    db = new LenteraDatabase(`epoch-${Math.random()}`);
    await db.outbox.bulkAdd([row(1, 'synced'), row(2, 'pending'), row(3, 'dead')]);
    await db.syncState.put({ key: 'pull:L', value: '42' });
    expect(await checkServerEpoch(db, 'e1')).toBe(false);
    expect(await checkServerEpoch(db, 'e1')).toBe(false);
    expect((await db.outbox.get(1))!.state).toBe('synced');
    expect(await checkServerEpoch(db, 'e2')).toBe(true);
    expect((await db.outbox.toArray()).map((r) => r.state)).toEqual(['pending', 'pending', 'dead']);
    expect(await db.syncState.get('pull:L')).toBeUndefined();
  });
});

describe('applyPushResults', () => {
  it('dead-letters an item the server could not even read an id from (matched by position)', async () => {
    db = new LenteraDatabase(`apply-null-${Math.random()}`);
    const rows = [row(1, 'pending')];
    await db.outbox.bulkAdd(rows);
    await applyPushResults(db, rows, [{ index: 0, id: null, status: 'rejected', reason: 'invalid_item' }], 5);
    expect((await db.outbox.get(1))!.state).toBe('dead');
  });

  it('marks synced only what the server answered; rejected and conflict go to the dead-letter list with the reason', async () => {
    db = new LenteraDatabase(`apply-${Math.random()}`);
    const rows = [row(1, 'pending'), row(2, 'pending'), row(3, 'pending'), row(4, 'pending')];
    await db.outbox.bulkAdd(rows);
    const out = await applyPushResults(
      db,
      rows,
      [
        { index: 0, id: rows[0]!.id, status: 'accepted' },
        { index: 1, id: rows[1]!.id, status: 'duplicate' },
        { index: 2, id: rows[2]!.id, status: 'rejected', reason: 'unknown_quiz' },
        // index 3 has no answer at all: it stays pending
      ],
      1000,
    );
    expect(out).toEqual({ synced: 2, dead: 1 });
    const stored = await db.outbox.toArray();
    expect(stored.map((r) => [r.state, r.lastError])).toEqual([
      ['synced', undefined],
      ['synced', undefined],
      ['dead', 'unknown_quiz'],
      ['pending', undefined],
    ]);
    expect(stored[0]!.syncedAt).toBe(1000);
  });
});
