import { expect, it } from 'vitest';
import { useTestApp } from '../../../tests/server/test-app';
import { describeEachStore } from '../../../tests/server/test-stores';
import {
  attemptWithAnswers,
  learnerWithToken,
  progressItem,
  pushInit,
  seedQuizzes,
  type PushResponse,
} from '../../../tests/server/sync-fixtures';
import type { Account } from '../../shared/auth-protocol';
import type { SyncItem } from '../../shared/sync/sync-item';
import type { Store } from '../store/store';
import { contentHash } from './content-hash';
import { storePushBatch } from './store-push-batch';

describeEachStore('push batch, set-based', (kind) => {
  const t = useTestApp(kind);
  const push = async (token: string, deviceId: string, items: unknown[]) => {
    const res = await t.app.request('/api/sync/push', pushInit(token, { deviceId, items }));
    expect(res.status).toBe(200);
    return ((await res.json()) as PushResponse).results.map((r) => r.status);
  };
  const reversedKeys = (item: SyncItem) => Object.fromEntries(Object.entries(item).reverse());

  it('stores a content hash per item and answers replays from it: duplicate whatever the key order, else conflict', async () => {
    await seedQuizzes(t.store);
    const siti = await learnerWithToken(t.store, 'siti-hash');
    const { attempt, answers } = attemptWithAnswers(siti.id, 'pretest', [true, false]);
    expect(await push(siti.token, siti.deviceId, [...answers, attempt])).toEqual(['accepted', 'accepted', 'accepted']);
    const { rows } = await t.store.query<{ content_hash: string }>(
      `SELECT content_hash FROM sync_items WHERE id = $1`,
      [attempt.id],
    );
    expect(rows[0]!.content_hash).toBe(contentHash(attempt));
    expect(rows[0]!.content_hash).toMatch(/^[0-9a-f]{64}$/);
    const changed = { ...answers[1]!, answeredAt: answers[1]!.answeredAt + 1 };
    expect(await push(siti.token, siti.deviceId, [reversedKeys(answers[0]!), changed, attempt])).toEqual([
      'duplicate',
      'conflict',
      'duplicate',
    ]);
  });

  it("answers a replay from the stored hashes before validating, yet never for another learner's push or changed content", async () => {
    await seedQuizzes(t.store);
    const siti = await learnerWithToken(t.store, 'siti-replay');
    const budi = await learnerWithToken(t.store, 'budi-replay');
    const { attempt, answers } = attemptWithAnswers(siti.id, 'pretest', [true, true]);
    expect(await push(siti.token, siti.deviceId, [...answers, attempt])).toEqual(['accepted', 'accepted', 'accepted']);
    const upper = { ...answers[0]!, id: answers[0]!.id.toUpperCase() };
    const changed = { ...attempt, finishedAt: attempt.finishedAt + 1 };
    // Exact copy → duplicate; the same item with upper-case ids (full path) → duplicate; changed → conflict;
    // a new item beside them is validated and stored as ever.
    const fresh = attemptWithAnswers(siti.id, 'pretest', [false, false]);
    expect(
      await push(siti.token, siti.deviceId, [answers[1], upper, changed, ...fresh.answers, fresh.attempt]),
    ).toEqual(['duplicate', 'duplicate', 'conflict', 'accepted', 'accepted', 'accepted']);
    // Someone else who has a copy of Siti's item learns nothing from it: forbidden, not duplicate.
    expect(await push(budi.token, budi.deviceId, [answers[1]])).toEqual(['rejected']);
    // The new attempt of the mixed batch was graded as any.
    const { rows } = await t.store.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM attempts WHERE id = $1 AND graded_at IS NOT NULL`,
      [fresh.attempt.id],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('stores nothing of a push whose phone hung up before its turn came, and takes the retry whole', async () => {
    await seedQuizzes(t.store);
    const siti = await learnerWithToken(t.store, 'siti-gone');
    const { attempt: item } = attemptWithAnswers(siti.id, 'pretest', [true, false]);
    const gone = new AbortController();
    gone.abort();
    const abandoned = await t.app.request('/api/sync/push', {
      ...pushInit(siti.token, { deviceId: siti.deviceId, items: [item] }),
      signal: gone.signal,
    });
    expect(abandoned.status).toBe(408);
    const { rows } = await t.store.query(`SELECT 1 FROM sync_items WHERE id = $1`, [item.id]);
    expect(rows).toHaveLength(0);
    expect(await push(siti.token, siti.deviceId, [item])).toEqual(['accepted']);
  });

  it('tells duplicate from conflict for rows stored without a hash (before migration 0005)', async () => {
    const siti = await learnerWithToken(t.store, 'siti-legacy');
    const same = progressItem(siti.id, 'legacy-1', { completed: true, hlc: '000000000000001:000000:a' });
    const other = progressItem(siti.id, 'legacy-2', { completed: true, hlc: '000000000000001:000000:a' });
    // Stored with its hash: one lookup finds rows of both kinds.
    const hashed = progressItem(siti.id, 'l', { completed: true, hlc: '000000000000001:000000:a' });
    await push(siti.token, siti.deviceId, [same, other, hashed]);
    await t.store.query(`UPDATE sync_items SET content_hash = NULL WHERE id IN ($1, $2)`, [same.id, other.id]);
    const edited = { ...other, completed: false };
    expect(await push(siti.token, siti.deviceId, [reversedKeys(same), edited, hashed])).toEqual([
      'duplicate',
      'conflict',
      'duplicate',
    ]);
    expect(await push(siti.token, siti.deviceId, [{ ...hashed, completed: false }, same])).toEqual([
      'conflict',
      'duplicate',
    ]);
    const { rows } = await t.store.query<{ item: { completed: boolean } }>(
      `SELECT item FROM sync_items WHERE id = $1`,
      [other.id],
    );
    expect(rows[0]!.item.completed).toBe(true); // the stored row is kept
  });

  it('folds several progress items of one lesson in one batch exactly as one batch per item would', async () => {
    const siti = await learnerWithToken(t.store, 'siti-fold');
    const edits = (lessonId: string) => [
      progressItem(siti.id, lessonId, { completed: false, position: 0.3, hlc: '000000000000010:000000:a' }),
      progressItem(siti.id, lessonId, { completed: true, hlc: '000000000000030:000000:b' }),
      progressItem(siti.id, lessonId, { completed: false, position: 0.7, hlc: '000000000000020:000000:c' }),
      // Same HLC as the one before: the first of equal clocks keeps the position, as merged one by one.
      progressItem(siti.id, lessonId, { completed: false, position: 0.9, hlc: '000000000000020:000000:c' }),
      progressItem(siti.id, lessonId, { completed: false, position: 0.1, hlc: '000000000000005:000000:d' }),
    ];
    expect(await push(siti.token, siti.deviceId, edits('together'))).toEqual(Array(5).fill('accepted'));
    for (const item of edits('apart')) await push(siti.token, siti.deviceId, [item]);
    const { rows } = await t.store.query<Record<string, unknown>>(
      `SELECT lesson_id, completed, position, position_hlc, hlc, completed_at IS NOT NULL AS has_completed_at
         FROM lesson_progress WHERE learner_id = $1 ORDER BY lesson_id`,
      [siti.id],
    );
    const expected = {
      completed: true,
      position: expect.closeTo(0.7, 5),
      position_hlc: '000000000000020:000000:c',
      hlc: '000000000000030:000000:b',
      has_completed_at: true,
    };
    expect(rows).toEqual([
      { lesson_id: 'apart', ...expected },
      { lesson_id: 'together', ...expected },
    ]);
  });

  it('inserts and grades many attempts of one batch together, leaving an incomplete one ungraded', async () => {
    const siti = await learnerWithToken(t.store, 'siti-many');
    const right = attemptWithAnswers(siti.id, 'posttest', [true, true]);
    const half = attemptWithAnswers(siti.id, 'posttest', [true, false]);
    const practice = attemptWithAnswers(siti.id, 'latihan-1', [false, false], 'latihan', 100);
    const waiting = attemptWithAnswers(siti.id, 'pretest', [true, true]);
    const items = [
      right.attempt,
      ...right.answers,
      ...half.answers,
      half.attempt,
      practice.attempt,
      ...practice.answers,
      waiting.attempt,
      waiting.answers[0]!,
    ];
    expect(await push(siti.token, siti.deviceId, items)).toEqual(Array(items.length).fill('accepted'));
    const { rows } = await t.store.query<{
      id: string;
      role: string;
      score: string | null;
      passed: boolean | null;
      score_mismatch: boolean;
      graded: boolean;
      change_seq: string;
    }>(
      `SELECT id::text AS id, role, score, passed, score_mismatch, graded_at IS NOT NULL AS graded, change_seq
         FROM attempts WHERE learner_id = $1`,
      [siti.id],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const graded = (id: string) => {
      const r = byId.get(id)!;
      return { role: r.role, score: r.score === null ? null : Number(r.score), passed: r.passed, graded: r.graded };
    };
    expect(graded(right.attempt.id)).toEqual({ role: 'posttest', score: 100, passed: true, graded: true });
    expect(graded(half.attempt.id)).toEqual({ role: 'posttest', score: 50, passed: false, graded: true });
    expect(graded(practice.attempt.id)).toEqual({ role: 'practice', score: 0, passed: null, graded: true });
    expect(byId.get(practice.attempt.id)!.score_mismatch).toBe(true);
    expect(byId.get(right.attempt.id)!.score_mismatch).toBe(false);
    expect(graded(waiting.attempt.id)).toEqual({ role: 'pretest', score: null, passed: null, graded: false });
    expect(new Set(rows.map((r) => r.change_seq)).size).toBe(4); // pull sees every change
    // The missing answer arrives later: the waiting attempt is graded then.
    expect(await push(siti.token, siti.deviceId, [waiting.answers[1]!])).toEqual(['accepted']);
    const later = await t.store.query<{ score: string }>(`SELECT score FROM attempts WHERE id = $1`, [
      waiting.attempt.id,
    ]);
    expect(Number(later.rows[0]!.score)).toBe(100);
  });

  it('answers duplicate or conflict for items another push stored between the lookup and the transaction', async () => {
    await seedQuizzes(t.store);
    const siti = await learnerWithToken(t.store, 'siti-race');
    const account: Account = { id: siti.id, username: 'siti-race', name: 'Siti', role: 'learner', desaCode: null };
    const { attempt, answers } = attemptWithAnswers(siti.id, 'pretest', [true, false]);
    const changed = { ...answers[1]!, answeredAt: answers[1]!.answeredAt + 1 };
    // The other push (another tab of the same phone) wins the race: it commits after this push's
    // lookup before validation found nothing, and before this push's transaction starts.
    const racing: Store = {
      ...t.store,
      query: (sql, params) => t.store.query(sql, params),
      transaction: async (fn) => {
        expect(await storePushBatch(t.store, account, siti.deviceId, [...answers, attempt])).toEqual(
          [0, 1, 2].map((index) => expect.objectContaining({ index, status: 'accepted' })),
        );
        return t.store.transaction(fn);
      },
    };
    const results = await storePushBatch(racing, account, siti.deviceId, [answers[0]!, changed, attempt]);
    expect(results.map((r) => r.status)).toEqual(['duplicate', 'conflict', 'duplicate']);
    const { rows } = await t.store.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM attempts WHERE id = $1 AND graded_at IS NOT NULL`,
      [attempt.id],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('an id twice in one batch, stored meanwhile by another push: each copy is answered against the stored row', async () => {
    await seedQuizzes(t.store);
    const siti = await learnerWithToken(t.store, 'siti-race-twice');
    const account: Account = {
      id: siti.id,
      username: 'siti-race-twice',
      name: 'Siti',
      role: 'learner',
      desaCode: null,
    };
    const { attempt, answers } = attemptWithAnswers(siti.id, 'pretest', [true, false]);
    const changed = answers.map((a) => ({ ...a, answeredAt: a.answeredAt + 1 }));
    const racing: Store = {
      ...t.store,
      query: (sql, params) => t.store.query(sql, params),
      transaction: async (fn) => {
        await storePushBatch(t.store, account, siti.deviceId, [...answers, attempt]);
        return t.store.transaction(fn);
      },
    };
    // First copy changed, second as stored; then the same changed copy twice: the second copy must
    // not be answered against the first (which the INSERT skipped), but against the stored row.
    const results = await storePushBatch(racing, account, siti.deviceId, [
      changed[0],
      answers[0],
      changed[1],
      changed[1],
    ]);
    expect(results.map((r) => r.status)).toEqual(['conflict', 'duplicate', 'conflict', 'conflict']);
  });

  it('grades an attempt whose answers are split between an earlier batch and its own', async () => {
    const siti = await learnerWithToken(t.store, 'siti-split');
    const { attempt, answers } = attemptWithAnswers(siti.id, 'posttest', [false, true]);
    await push(siti.token, siti.deviceId, [answers[0]!]);
    expect(await push(siti.token, siti.deviceId, [attempt, answers[1]!])).toEqual(['accepted', 'accepted']);
    const { rows } = await t.store.query<{ score: string; passed: boolean }>(
      `SELECT score, passed FROM attempts WHERE id = $1`,
      [attempt.id],
    );
    expect({ score: Number(rows[0]!.score), passed: rows[0]!.passed }).toEqual({ score: 50, passed: false });
  });
});
