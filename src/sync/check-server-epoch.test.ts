// @vitest-environment node
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { outboxRow } from '../../tests/unit/builders/outbox-row';
import { openTestDatabase } from '../../tests/unit/builders/test-database';
import { checkServerEpoch } from './check-server-epoch';

describe('checkServerEpoch', () => {
  it('first epoch is just remembered; a new epoch re-queues every synced item and restarts pulls', async () => {
    const db = openTestDatabase('epoch');
    await db.outbox.bulkAdd([outboxRow(1, { state: 'synced' }), outboxRow(2), outboxRow(3, { state: 'dead' })]);
    await db.syncState.put({ key: 'pull:L', value: '42' });
    expect(await checkServerEpoch(db, 'e1')).toBe(false);
    expect(await checkServerEpoch(db, 'e1')).toBe(false);
    expect((await db.outbox.get(1))!.state).toBe('synced');
    expect(await checkServerEpoch(db, 'e2')).toBe(true);
    expect((await db.outbox.toArray()).map((r) => r.state)).toEqual(['pending', 'pending', 'dead']);
    expect(await db.syncState.get('pull:L')).toBeUndefined();
  });
});
