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
});
