import { expect, it } from 'vitest';
import { useTestApp } from '../../../tests/server/test-app';
import { describeEachStore } from '../../../tests/server/test-stores';
import {
  attemptWithAnswers,
  countStored,
  learnerWithToken,
  pushInit,
  seedQuizzes,
  type PushResponse,
} from '../../../tests/server/sync-fixtures';
import { PACKING_DIFF_1, nextId, packItems } from '../../shared/sync/pack-items';
import type { SyncItem } from '../../shared/sync/sync-item';

/** Attempts as the phone now makes them: answers numbered from the attempt's id (answer-ids.ts). */
function numberedAttempts(learnerId: string, count: number): SyncItem[] {
  const items: SyncItem[] = [];
  for (let i = 0; i < count; i++) {
    const { attempt, answers } = attemptWithAnswers(learnerId, 'posttest', [i % 2 === 0, true]);
    const id = attempt.id.slice(0, 32) + '0000';
    let answerId = id;
    const numbered = answers.map((a) => ({ ...a, attemptId: id, id: (answerId = nextId(answerId)!) }));
    items.push(...numbered, { ...attempt, id, attemptId: id, answerIds: numbered.map((a) => a.id) });
  }
  // Consecutive sequence numbers, as one phone's outbox hands them out.
  const first = items[0]!.seq;
  return items.map((item, i) => ({ ...item, seq: first + i }));
}

describeEachStore('sync push, packed items', (kind) => {
  const t = useTestApp(kind);
  const push = async (token: string, body: unknown) => {
    const res = await t.app.request('/api/sync/push', pushInit(token, body, true));
    return {
      status: res.status,
      body: (await res.json()) as PushResponse & { error?: { code: string; message: string } },
    };
  };

  it('stores exactly what the plain push of the same items would: the plain replay is all duplicate', async () => {
    await seedQuizzes(t.store);
    const siti = await learnerWithToken(t.store, 'siti-packed');
    const items = numberedAttempts(siti.id, 20);
    const packed = packItems(items);
    // The rebuilt fields really are left out: an answer after the first of its attempt has no id.
    expect(packed[1]).not.toHaveProperty('id');
    const first = await push(siti.token, { deviceId: siti.deviceId, packed });
    expect(first.status).toBe(200);
    expect(first.body.packings).toEqual([PACKING_DIFF_1]);
    expect(first.body.results).toEqual(items.map((item, index) => ({ index, id: item.id, status: 'accepted' })));
    expect(
      (
        await countStored(
          t.store,
          items.map((i) => i.id),
        )
      ).size,
    ).toBe(items.length);
    // Graded as any attempt: all answers arrived and were matched to their attempt.
    const graded = await t.store.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM attempts WHERE id = ANY($1::uuid[]) AND graded_at IS NOT NULL`,
      [items.filter((i) => i.kind === 'attempt').map((i) => i.id)],
    );
    expect(Number(graded.rows[0]!.n)).toBe(20);
    const plain = await push(siti.token, { deviceId: siti.deviceId, items });
    expect(plain.body.results.map((r) => r.status)).toEqual(items.map(() => 'duplicate'));
  });

  it('an item a packed entry stands for is judged on its own; the rest of the batch is stored', async () => {
    await seedQuizzes(t.store);
    const siti = await learnerWithToken(t.store, 'siti-packed-bad');
    const items: unknown[] = numberedAttempts(siti.id, 2);
    const bad = { ...(items[1] as object), questionId: '' };
    items[1] = bad;
    const { status, body } = await push(siti.token, { deviceId: siti.deviceId, packed: packItems(items) });
    expect(status).toBe(200);
    expect(body.results.map((r) => r.status)).toEqual([
      'accepted',
      'rejected',
      'accepted',
      'accepted',
      'accepted',
      'accepted',
    ]);
    expect(body.results[1]).toMatchObject({ reason: 'invalid_item' });
  });

  it('a packing no encoder makes is refused whole with 400 invalid_request saying where; nothing is stored', async () => {
    await seedQuizzes(t.store);
    const siti = await learnerWithToken(t.store, 'siti-packed-malformed');
    const items = numberedAttempts(siti.id, 1);
    const cases: Array<[unknown, RegExp]> = [
      [{ deviceId: siti.deviceId, items, packed: packItems(items) }, /not both/],
      [{ deviceId: siti.deviceId }, /No "items"/],
      [{ deviceId: siti.deviceId, packed: [...packItems(items), 7] }, /packed\[3\]/],
      [{ deviceId: siti.deviceId, packed: [{ '=': items[0], kind: 'answer' }] }, /packed\[0\]/],
      [{ deviceId: siti.deviceId, packed: [{ ...items[2], answerIds: undefined, answerRun: 9999 }] }, /packed\[0\]/],
      [{ deviceId: siti.deviceId, packed: [{ kind: 'answer', answerRun: 2 }] }, /packed\[0\]/],
      [{ deviceId: siti.deviceId, packed: [] }, /.*/],
    ];
    for (const [body, message] of cases) {
      const res = await push(siti.token, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error?.code).toBe('invalid_request');
      expect(res.body.error?.message).toMatch(message);
    }
    expect(
      (
        await countStored(
          t.store,
          items.map((i) => i.id),
        )
      ).size,
    ).toBe(0);
  });

  it('odd batches: never a 5xx, and a packed push is answered as the plain push of the same items', async () => {
    await seedQuizzes(t.store);
    const [one, two] = numberedAttempts('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 1) as Record<string, unknown>[];
    const batches = (learnerId: string): unknown[][] => {
      const [a, b, attempt] = numberedAttempts(learnerId, 1) as Record<string, unknown>[];
      const upper = String(attempt!.id).toUpperCase();
      return [
        [a, undefined, b, attempt],
        [a, null, 'x', [a], b, attempt],
        [
          { ...a, seq: 2 ** 53 },
          { ...b, seq: 2 ** 53 + 1 },
          { ...attempt, seq: -0 },
        ],
        [
          { ...a, attemptId: upper },
          { ...b, attemptId: upper },
          { ...attempt, id: upper, attemptId: upper },
        ],
        [{ ...a, '=': 1 }, { ...b, answerRun: 2 }, attempt],
        [{ ...a, kind: '__proto__' }, { ...b, kind: 'constructor' }, JSON.parse('{"__proto__":{"kind":"answer"}}')],
        [a, { ...b, id: attempt!.id }, attempt], // an answer whose id is its attempt's
        [a, a, { ...b, id: a!.id }, attempt, attempt],
        [{ ...a, value: { type: 'truefalse', value: 1e308 * 10 } }, b, { ...attempt, answerIds: [] }],
        [one, two, a, b, attempt], // another learner's items first
        // Unstorable text in a field the packing leaves out and in one of the item's own: the refusal
        // names the first in the item's key order, which must be the phone's, not the decoder's.
        [
          { ...a, courseId: 'c\u0000', questionId: 'q\u0000' },
          { ...b, courseId: 'c\u0000', questionId: 'q\u0000' },
          { ...b, id: attempt!.id, courseId: 'c\ud800', quizId: 'q\ud800', questionId: 'q\ud800' },
          { ...b, id: a!.id, courseId: 'c\ud800', quizId: 'q\ud800', questionId: 'q\ud800' },
        ],
      ];
    };
    const siti = await learnerWithToken(t.store, 'siti-packed-odd');
    const budi = await learnerWithToken(t.store, 'budi-plain-odd');
    const sitiBatches = batches(siti.id);
    const budiBatches = batches(budi.id);
    for (let i = 0; i < sitiBatches.length; i++) {
      // Each learner its own copy of the same shapes (ids differ, so one store holds both).
      const packed = await push(siti.token, { deviceId: siti.deviceId, packed: packItems(sitiBatches[i]!) });
      const plain = await push(budi.token, { deviceId: budi.deviceId, items: budiBatches[i] });
      expect(packed.status, `batch ${i}`).toBe(plain.status);
      expect(packed.status, `batch ${i}`).toBeLessThan(500);
      const shape = (r: PushResponse['results'][number]) => ({ ...r, id: r.id === null ? null : 'id' });
      expect(packed.body.results?.map(shape), `batch ${i}`).toEqual(plain.body.results?.map(shape));
    }
  });
});
