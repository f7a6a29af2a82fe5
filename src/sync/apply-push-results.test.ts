// @vitest-environment node
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { outboxRow } from '../../tests/unit/builders/outbox-row';
import { openTestDatabase } from '../../tests/unit/builders/test-database';
import { applyPushResults } from './apply-push-results';

describe('applyPushResults', () => {
  it('dead-letters an item the server could not even read an id from (matched by position)', async () => {
    const db = openTestDatabase('apply-null');
    const rows = [outboxRow(1)];
    await db.outbox.bulkAdd(rows);
    await applyPushResults(db, rows, [{ index: 0, id: null, status: 'rejected', reason: 'invalid_item' }], 5);
    expect((await db.outbox.get(1))!.state).toBe('dead');
  });

  it('marks synced only what the server answered; rejected and conflict go to the dead-letter list with the reason', async () => {
    const db = openTestDatabase('apply');
    const rows = [outboxRow(1), outboxRow(2), outboxRow(3), outboxRow(4)];
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

  // 5 rows are read back one by one; 600 are checked in the pending index by key alone.
  it.each([5, 600])(
    'writes only rows still pending: one removed or changed since it was selected stays as it is now (%i rows)',
    async (n) => {
      const db = openTestDatabase(`apply-guard-${n}`);
      const rows = Array.from({ length: n }, (_, i) => outboxRow(i + 1));
      await db.outbox.bulkAdd(rows);
      // Since the batch was selected: row 2's learner was removed from the phone, row 3 was marked
      // synced, row 4 went to the dead-letter list; row 5 waits with a later retry time (still pending).
      await db.outbox.delete(2);
      await db.outbox.update(3, { state: 'synced', syncedAt: 7 });
      await db.outbox.update(4, { state: 'dead', lastError: 'unknown_quiz' });
      await db.outbox.update(5, { nextTryAt: 9_999_999 });
      await applyPushResults(
        db,
        rows,
        rows.map((r, index) => ({ index, id: r.id, status: 'accepted' as const })),
        1000,
      );
      const stored = await db.outbox.toArray();
      expect(stored.map((r) => [r.seq, r.state, r.syncedAt ?? null, r.lastError ?? null])).toEqual([
        [1, 'synced', 1000, null],
        [3, 'synced', 7, null],
        [4, 'dead', null, 'unknown_quiz'],
        ...rows.slice(4).map((r) => [r.seq, 'synced', 1000, null]),
      ]);
    },
  );

  it('a big batch behind a long queue of other pending rows is still checked row by row, and right', async () => {
    const db = openTestDatabase('apply-long-queue');
    const rows = Array.from({ length: 6000 }, (_, i) => outboxRow(i + 1));
    await db.outbox.bulkAdd(rows);
    const batch = rows.slice(0, 500);
    await db.outbox.update(7, { state: 'dead', lastError: 'unknown_quiz' });
    await applyPushResults(
      db,
      batch,
      batch.map((r, index) => ({ index, id: r.id, status: 'accepted' as const })),
      1000,
    );
    const states = (await db.outbox.toArray()).map((r) => r.state);
    expect(states.filter((s) => s === 'synced')).toHaveLength(499);
    expect(states[6]).toBe('dead');
    expect(states.filter((s) => s === 'pending')).toHaveLength(5500);
  });
});
