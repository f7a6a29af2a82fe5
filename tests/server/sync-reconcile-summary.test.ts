import 'fake-indexeddb/auto';
import { gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import type { OutboxRow } from '../../src/db/learning-records';
import { contentHash } from '../../src/server/sync/content-hash';
import { insertSyncItemRows, syncItemRows } from '../../src/server/sync/insert-sync-items';
import type { SyncItem } from '../../src/shared/sync/sync-item';
import { pushOutbox } from '../../src/sync/push-outbox';
import { reconcileOutbox } from '../../src/sync/reconcile-outbox';
import { syncOnce } from '../../src/sync/sync-once';
import { reconciledAtKey, writeState } from '../../src/db/sync-state';
import { createTestDevice } from './harness/test-device';
import { testSize } from './harness/test-size';
import { attemptWithAnswers, countStored, learnerWithToken } from './sync-fixtures';
import { useServedTestApp } from './test-app';
import { describeEachStore } from './test-stores';

// The daily reconcile sends a summary of the phone's synced ids (ranges with a count and a digest),
// and the ids only of a range the server does not hold exactly — so a lost item is still found
// exactly, for a fraction of the bytes of sending every id.

/**
 * A day of 1,000 post-tests is 13,000 items (here three-item attempts): `npm run test:long` runs that
 * size; `npm test` 2,000 (4 ranges), since filling the phone's fake IndexedDB with 13,000 rows alone
 * takes ~25 s per store on the shared machine. The other cases need only a few ranges.
 */
const DAY = testSize({ fast: 2_000, long: 13_000 });
/**
 * The day's test alone took 80–84 s per store at full size on the quiet machine (2 December), and
 * 120 s — the server project's limit — beside the 10,000-attempt slow-2G run of `npm run test:long`.
 */
const DAY_TIMEOUT_MS = DAY > 2_000 ? 300_000 : undefined;
const FEW = 1_000;

interface Request {
  path: string;
  bytes: number;
  form: 'ranges' | 'ids' | 'other';
}

describeEachStore('sync: reconcile by summary', (kind) => {
  const t = useServedTestApp(kind);

  /** A phone whose outbox holds `items` synced items, of which the server holds all but those at `lose`. */
  async function phoneAfterADay(username: string, items: number, lose: number[], oldServer = false) {
    const learner = await learnerWithToken(t.store, username);
    const requests: Request[] = [];
    const device = await createTestDevice({
      baseUrl: t.url,
      learner,
      fetch: async (input, init) => {
        const path = new URL(String(input)).pathname;
        const body = init?.body instanceof Uint8Array ? Buffer.from(init.body) : Buffer.from(String(init?.body ?? ''));
        const text = path === '/api/sync/reconcile' ? gunzipSync(body).toString('utf8') : '';
        const form = text.startsWith('{"deviceId"') ? 'ranges' : text.startsWith('{"ids"') ? 'ids' : 'other';
        requests.push({ path, bytes: body.length, form });
        // A server from before the summary: its strict schema refuses the unknown form.
        if (oldServer && form === 'ranges')
          return Response.json({ error: { code: 'invalid_request' } }, { status: 400 });
        return fetch(input, init);
      },
    });
    const queued: SyncItem[] = [];
    while (queued.length < items) {
      const { attempt, answers } = attemptWithAnswers(learner.id, 'pretest', [true, false]);
      queued.push(...answers, attempt);
    }
    const rows: OutboxRow[] = queued.map((item, i) => ({
      seq: i + 1,
      id: item.id,
      learnerId: learner.id,
      item: { ...item, seq: i + 1 },
      state: 'synced',
      syncedAt: Date.now(),
      tries: 0,
      nextTryAt: 0,
    }));
    await device.db.outbox.bulkAdd(rows);
    const lost = new Set(lose.map((i) => rows[i]!.id));
    const held = rows.filter((r) => !lost.has(r.id));
    await insertSyncItemRows(
      t.store,
      JSON.stringify(
        syncItemRows(
          held.map((r) => ({ item: r.item, hash: contentHash(r.item) })),
          device.ctx.deviceId,
        ),
      ),
    );
    return { learner, device, requests, rows, lost: [...lost] };
  }

  it(
    "one item missing among a day's 13,000 is found by its range and re-sent; the rest costs a summary",
    async () => {
      const { learner, device, requests, lost } = await phoneAfterADay('rec-one', DAY, [Math.floor(DAY / 2)]);
      try {
        expect(await reconcileOutbox(device.ctx, learner.id, learner.token)).toBe(1);
        const pending = await device.db.outbox.where('state').equals('pending').toArray();
        expect(pending.map((r) => r.id)).toEqual(lost);
        // One summary request, then the ids of the one range that differs (500 ids), nothing else.
        expect(requests.map((r) => r.form)).toEqual(['ranges', 'ids']);
        const sent = requests.reduce((sum, r) => sum + r.bytes, 0);
        // Every id would be ~13,000 × 39 B ≈ 500 KB (≈ 240 KB gzip); the summary and one range are a few KB.
        expect(sent).toBeLessThan(20_000);
        // Re-sent by the push that follows a reconcile in syncOnce.
        expect((await pushOutbox(device.ctx)).synced).toBe(1);
        expect(await countStored(t.store, lost)).toEqual(new Map([[lost[0]!.toLowerCase(), 1]]));
        expect(await device.pending()).toBe(0);
      } finally {
        await device.close();
      }
    },
    DAY_TIMEOUT_MS,
  );

  it('a first sync sends no reconcile (the server answered for every item moments ago); the next day reconciles them', async () => {
    const learner = await learnerWithToken(t.store, 'rec-first');
    const paths: string[] = [];
    const device = await createTestDevice({
      baseUrl: t.url,
      learner,
      fetch: (input, init) => {
        paths.push(new URL(String(input)).pathname);
        return fetch(input, init);
      },
    });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const { attempt, answers } = attemptWithAnswers(learner.id, 'pretest', [true, false]);
        for (const item of [...answers, attempt]) {
          const { seq: _seq, ...unsequenced } = item;
          await device.enqueue(unsequenced);
          ids.push(item.id);
        }
      }
      const first = await syncOnce(device.ctx);
      expect(first.lastError).toBeUndefined();
      expect(await device.pending()).toBe(0);
      expect(paths).toContain('/api/sync/push');
      expect(paths).not.toContain('/api/sync/reconcile');
      // The server loses one of them (restored without a new epoch); a day passes.
      const lost = ids[3]!;
      await t.store.query(`DELETE FROM sync_items WHERE id = $1`, [lost]);
      await writeState(device.db, reconciledAtKey(learner.id), Date.now() - 25 * 3600 * 1000);
      paths.length = 0;
      const next = await syncOnce(device.ctx);
      expect(next.lastError).toBeUndefined();
      expect(paths.filter((p) => p === '/api/sync/reconcile').length).toBeGreaterThan(0);
      expect(await device.pending()).toBe(0);
      expect(await countStored(t.store, [lost])).toEqual(new Map([[lost.toLowerCase(), 1]]));
    } finally {
      await device.close();
    }
  });

  it("a finished attempt's row goes out again whole when the server lacks one of its answers", async () => {
    const learner = await learnerWithToken(t.store, 'rec-row');
    const device = await createTestDevice({ baseUrl: t.url, learner });
    try {
      const quizzes = Array.from({ length: 3 }, () => attemptWithAnswers(learner.id, 'pretest', [true, false]));
      for (const { answers, attempt } of quizzes) await device.enqueueFinished(answers, attempt);
      expect(await device.db.outbox.count()).toBe(3);
      expect((await pushOutbox(device.ctx)).synced).toBe(9);
      const lost = quizzes[1]!.answers[0]!.id;
      await t.store.query(`DELETE FROM sync_items WHERE id = $1`, [lost]);
      expect(await reconcileOutbox(device.ctx, learner.id, learner.token)).toBe(3);
      const pending = await device.db.outbox.where('state').equals('pending').toArray();
      expect(pending.map((r) => [r.id, r.answers?.length])).toEqual([[quizzes[1]!.attempt.id, 2]]);
      expect((await pushOutbox(device.ctx)).synced).toBe(3);
      const all = quizzes.flatMap(({ answers, attempt }) => [...answers, attempt].map((i) => i.id));
      expect([...(await countStored(t.store, all)).values()]).toEqual(all.map(() => 1));
      expect(await device.pending()).toBe(0);
    } finally {
      await device.close();
    }
  });

  it('nothing missing: one summary request, nothing re-queued', async () => {
    const { learner, device, requests } = await phoneAfterADay('rec-none', FEW, []);
    try {
      expect(await reconcileOutbox(device.ctx, learner.id, learner.token)).toBe(0);
      expect(requests.map((r) => r.form)).toEqual(['ranges']);
    } finally {
      await device.close();
    }
  });

  it("items of the learner's other phone and of other learners in the same ranges do not count", async () => {
    const { learner, device, requests, rows } = await phoneAfterADay('rec-other', FEW, []);
    try {
      // Another phone of the same learner pushed items whose ids fall among this phone's.
      const other = rows
        .slice(0, 3)
        .map((r) => ({ ...r.item, id: r.id.slice(0, -1) + (r.id.endsWith('0') ? '1' : '0') }));
      await insertSyncItemRows(
        t.store,
        JSON.stringify(
          syncItemRows(
            other.map((item) => ({ item, hash: contentHash(item) })),
            '00000000-0000-4000-8000-000000000001',
          ),
        ),
      );
      expect(await reconcileOutbox(device.ctx, learner.id, learner.token)).toBe(0);
      expect(requests.map((r) => r.form)).toEqual(['ranges']);
    } finally {
      await device.close();
    }
  });

  it('a server from before the summary (400) is asked about every id, and the lost ones are found', async () => {
    const { learner, device, requests, lost } = await phoneAfterADay('rec-old', FEW, [0, FEW - 1], true);
    try {
      expect(await reconcileOutbox(device.ctx, learner.id, learner.token)).toBe(2);
      expect(requests.map((r) => r.form)).toEqual(['ranges', 'ids']);
      const pending = await device.db.outbox.where('state').equals('pending').toArray();
      expect(pending.map((r) => r.id).sort()).toEqual([...lost].sort());
    } finally {
      await device.close();
    }
  });
});
