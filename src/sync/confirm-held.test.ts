// @vitest-environment node
import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { answerItem, attemptItem, outboxRow, testUuid } from '../../tests/unit/builders/outbox-row';
import { openTestDatabase } from '../../tests/unit/builders/test-database';
import type { OutboxRow } from '../db/learning-records';
import { confirmHeld } from './confirm-held';
import type { SyncContext } from './sync-context';

/** A finished attempt held by a hub: one row carrying its answers. */
function heldAttempt(attempt: number, answers: number[]): OutboxRow {
  return {
    ...outboxRow(attempt, { item: attemptItem(attempt), lastError: 'held', nextTryAt: 99 }),
    answers: answers.map((n) => answerItem(n, attempt)),
  };
}

it("confirms a finished attempt's row only once the national server stores every item it carries", async () => {
  const db = openTestDatabase('confirm-held');
  const rows = [heldAttempt(100, [11, 12]), heldAttempt(200, [21, 22])];
  await db.outbox.bulkAdd(rows);
  const ids = rows.flatMap((r) => [...r.answers!.map((a) => a.id), r.id]);
  await db.carriedItems.bulkPut(ids.map((id) => ({ id, learnerId: 'L', fileName: 'hub:h1', carriedAt: 1 })));
  await db.syncState.put({ key: 'serverEpoch', value: 'e1' });
  const asked: string[][] = [];
  const ctx: SyncContext = {
    db,
    baseUrl: 'http://national',
    deviceId: testUuid(9),
    now: () => 500,
    random: () => 0,
    requestTimeoutMs: 1000,
    fetch: async (_url, init) => {
      const body = JSON.parse(
        await new Response(
          new Blob([init!.body as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip')),
        ).text(),
      ) as { ids: string[] };
      asked.push(body.ids);
      // The national server has everything but the second attempt's first answer (still on its way).
      return Response.json({ serverEpoch: 'e1', missing: [testUuid(21)] });
    },
  };
  expect(await confirmHeld(ctx, 'L', 'token')).toBe(3);
  expect(asked.flat().sort()).toEqual([...ids].sort());
  const stored = await db.outbox.toArray();
  expect(stored.map((r) => [r.seq, r.state])).toEqual([
    [100, 'synced'],
    [200, 'pending'],
  ]);
  // The waiting row's items stay shown as carried by the hub; the confirmed row's marks are gone.
  expect((await db.carriedItems.toArray()).map((c) => c.id).sort()).toEqual(
    [testUuid(21), testUuid(22), testUuid(200)].sort(),
  );
});
