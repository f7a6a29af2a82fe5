// @vitest-environment node
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { answerItem, attemptItem, outboxRow, progressItem, testUuid } from '../../tests/unit/builders/outbox-row';
import type { OutboxRow } from '../db/learning-records';
import type { PushItemResult } from '../shared/sync/protocol';
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

  describe("a finished attempt's row (its answers carried in it)", () => {
    const answer = (own: number) => answerItem(own, 100);
    /** Rows 1 (progress), 100 (an attempt carrying answers 11, 12, 13), 2 (progress): 5 items, in this order. */
    async function setUp(name: string) {
      const db = openTestDatabase(name);
      const bundle: OutboxRow = {
        ...outboxRow(100, { item: attemptItem(100) }),
        answers: [answer(11), answer(12), answer(13)],
      };
      const rows = [outboxRow(1), bundle, outboxRow(2, { item: progressItem(2) })];
      await db.outbox.bulkAdd(rows);
      const ids = [rows[0]!.id, testUuid(11), testUuid(12), testUuid(13), testUuid(100), rows[2]!.id];
      /** The server's answer, one status per item in request order (fewer: the answer was cut short), recorded at 9. */
      const apply = (statuses: PushItemResult['status'][], heldBy?: string) =>
        applyPushResults(
          db,
          rows,
          statuses.map((status, index) => ({
            index,
            id: ids[index]!,
            status,
            ...(status === 'rejected' && { reason: 'invalid_item' }),
          })),
          9,
          heldBy,
        );
      return { db, ids, apply };
    }
    const view = (rows: OutboxRow[]) =>
      rows.sort((a, b) => a.seq - b.seq).map((r) => [r.seq, r.state, r.lastError ?? null, r.answers?.length ?? 0]);

    it('is marked synced as one row when every item is stored, and counts each item', async () => {
      const { db, apply } = await setUp('bundle-ok');
      const out = await apply(['accepted', 'duplicate', 'accepted', 'accepted', 'accepted', 'accepted']);
      expect(out).toEqual({ synced: 6, dead: 0 });
      expect(view(await db.outbox.toArray())).toEqual([
        [1, 'synced', null, 0],
        [2, 'synced', null, 0],
        [100, 'synced', null, 3],
      ]);
    });

    it('is split into a row per item when one answer is refused: that one is dead-lettered alone, the rest synced', async () => {
      const { db, apply } = await setUp('bundle-split');
      const out = await apply(['accepted', 'accepted', 'rejected', 'accepted', 'accepted', 'accepted']);
      expect(out).toEqual({ synced: 5, dead: 1 });
      expect(view(await db.outbox.toArray())).toEqual([
        [1, 'synced', null, 0],
        [2, 'synced', null, 0],
        [11, 'synced', null, 0],
        [12, 'dead', 'invalid_item', 0],
        [13, 'synced', null, 0],
        [100, 'synced', null, 0],
      ]);
      const dead = await db.outbox.get(12);
      expect([dead!.id, dead!.item.id]).toEqual([testUuid(12), testUuid(12)]);
    });

    it('keeps the part the answer did not reach pending, each item in its own row', async () => {
      const { db, apply } = await setUp('bundle-cut');
      await apply(['accepted', 'accepted', 'accepted']);
      expect(view(await db.outbox.toArray())).toEqual([
        [1, 'synced', null, 0],
        [2, 'pending', null, 0],
        [11, 'synced', null, 0],
        [12, 'synced', null, 0],
        [13, 'pending', null, 0],
        [100, 'pending', null, 0],
      ]);
    });

    it('stays one pending row, shown carried item by item, when a hub holds all of it', async () => {
      const { db, ids, apply } = await setUp('bundle-held');
      await apply(['held', 'held', 'held', 'held', 'held', 'held'], 'hub:h1');
      expect(view(await db.outbox.toArray())).toEqual([
        [1, 'pending', 'held', 0],
        [2, 'pending', 'held', 0],
        [100, 'pending', 'held', 3],
      ]);
      expect((await db.carriedItems.toArray()).map((c) => c.id).sort()).toEqual([...ids].sort());
    });

    it('is split when a hub holds some of it and the server already has the rest', async () => {
      const { db, ids, apply } = await setUp('bundle-held-part');
      await apply(['held', 'held', 'duplicate', 'held', 'held', 'held'], 'hub:h1');
      expect(view(await db.outbox.toArray())).toEqual([
        [1, 'pending', 'held', 0],
        [2, 'pending', 'held', 0],
        [11, 'pending', 'held', 0],
        [12, 'synced', null, 0],
        [13, 'pending', 'held', 0],
        [100, 'pending', 'held', 0],
      ]);
      expect((await db.carriedItems.toArray()).map((c) => c.id).sort()).toEqual(ids.filter((_, i) => i !== 2).sort());
    });

    it('clears the carried marks of every item it settles', async () => {
      const { db, ids, apply } = await setUp('bundle-carried');
      await db.carriedItems.bulkPut(ids.map((id) => ({ id, learnerId: 'L', fileName: 'f.lentera', carriedAt: 1 })));
      await apply(['accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
      expect((await db.carriedItems.toArray()).map((c) => c.id)).toEqual([ids[5]]);
    });

    it('is left as it is when it changed since it was sent (checked by the key it was sent under)', async () => {
      const { db, apply } = await setUp('bundle-changed');
      await db.outbox.update(100, { state: 'synced', syncedAt: 3 });
      await apply(['accepted', 'accepted', 'rejected', 'accepted', 'accepted', 'accepted']);
      expect(view(await db.outbox.toArray())).toEqual([
        [1, 'synced', null, 0],
        [2, 'synced', null, 0],
        [100, 'synced', null, 3],
      ]);
    });
  });
});
