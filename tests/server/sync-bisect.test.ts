import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { inEveryLanguage } from '../../src/app/i18n/t';
import { deadReasonKey } from '../../src/app/sync/format-sync-error';
import { bodyItems } from '../../src/shared/sync/pack-items';
import type { SyncItem } from '../../src/shared/sync/sync-item';
import { syncOnce } from '../../src/sync/sync-once';
import { startFaultProxy, type Fault, type FaultProxy } from './harness/fault-proxy';
import { createTestDevice, type TestDevice } from './harness/test-device';
import { answerItem, attemptWithAnswers, countStored, learnerWithToken } from './sync-fixtures';
import { useServedTestApp } from './test-app';
import { describeEachStore } from './test-stores';

// The phone's defence against an item that makes the server fail (a 5xx) every time it is in a
// batch: the batch is split until the item is alone, everything else syncs, and only persistent
// evidence sends that one item to the dead-letter list — while an outage dead-letters nothing.

const MINUTE = 60_000;
const serverError: Fault = { kind: 'status', status: 500, code: 'internal_error' };

/** The ids of the items in a push body as the phone sends it (gzip JSON); none for anything else. */
function pushedIds(path: string, body: Buffer): string[] {
  if (!path.startsWith('/api/sync/push')) return [];
  // Plain or packed (pack-items.ts): the phone packs once the server's answer says it reads packed items.
  const carried = bodyItems(JSON.parse(gunzipSync(body).toString('utf8')) as { items?: unknown[]; packed?: unknown[] });
  if ('error' in carried) throw new Error(carried.error);
  return (carried.items as SyncItem[]).map((i) => i.id);
}

describeEachStore('sync: one item that breaks the server', (kind) => {
  const t = useServedTestApp(kind);

  /** A phone on a clock the test moves, with `attempts` finished quizzes (3 items each) queued. */
  async function phone(baseUrl: string, username: string, attempts: number) {
    const learner = await learnerWithToken(t.store, username);
    const device = await createTestDevice({ baseUrl, learner });
    const clock = { now: Date.now() };
    device.ctx.now = () => clock.now;
    const ids: string[] = [];
    /** The learner keeps studying: one more finished quiz queued. */
    const study = async () => {
      const { attempt, answers } = attemptWithAnswers(learner.id, 'pretest', [true, false]);
      await device.enqueueFinished(answers, attempt); // one row, as the app queues a finished quiz
      ids.push(...[...answers, attempt].map((item) => item.id));
    };
    for (let i = 0; i < attempts; i++) await study();
    return { learner, device, clock, ids, study };
  }

  const deadRows = (device: TestDevice) => device.db.outbox.where('state').equals('dead').toArray();
  const pushes = (proxy: FaultProxy) => proxy.log.filter((l) => l.path.startsWith('/api/sync/push')).length;

  async function expectExactlyOnce(ids: string[]) {
    const counts = await countStored(t.store, ids);
    expect(counts.size).toBe(ids.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  }

  it('a batch that always fails with 500 because of one item is bisected: that item ends dead-lettered, every other item is stored exactly once, in a bounded number of requests', async () => {
    let poisonedId = '';
    const proxy = await startFaultProxy(t.url, (_n, path, body) =>
      pushedIds(path, body).includes(poisonedId) ? serverError : { kind: 'pass' },
    );
    const { learner, device, clock, ids, study } = await phone(proxy.url, 'bisect-1', 3);
    // An emoji cut in half by a truncated text field: the kind of item a server once choked on.
    const poisoned = { ...answerItem(learner.id, randomUUID(), 'pretest', 'q1', true) };
    poisoned.value = { type: 'single', choice: 'a\ud800' };
    poisonedId = poisoned.id;
    await device.enqueue(poisoned);
    for (let i = 0; i < 4; i++) await study(); // the poisoned item sits in the middle of the outbox

    const first = await syncOnce(device.ctx);
    // Everything but the one item went through in the very first sync, and it is not given up on one failure.
    expect(await device.pending()).toBe(1);
    expect(await deadRows(device)).toEqual([]);
    expect(first.pulled).toBe(true);
    await expectExactlyOnce(ids);
    const firstRunPushes = pushes(proxy);

    // The learner keeps studying and the phone keeps syncing, a few minutes apart.
    let runs = 1;
    while ((await deadRows(device)).length === 0 && runs < 20) {
      clock.now += 3 * MINUTE;
      await study();
      await syncOnce(device.ctx);
      runs++;
    }
    const dead = await deadRows(device);
    expect(dead.map((r) => [r.id, r.lastError])).toEqual([[poisoned.id, 'server_error_persistent']]);
    // The dead-letter list says why in plain words, in both languages, like every other reason.
    const reason = deadReasonKey(dead[0]!.lastError)!;
    expect(inEveryLanguage(reason).every((text) => text.length > 0 && text !== reason)).toBe(true);
    expect(await device.pending()).toBe(0);
    await expectExactlyOnce(ids);
    expect((await countStored(t.store, [poisoned.id])).size).toBe(0);
    // Five lone failures at least ten minutes apart (first to last): five runs, 3 minutes apart.
    expect(runs).toBe(5);
    // Bisecting 21 items down to one is a handful of requests; after that the item goes alone.
    expect(firstRunPushes).toBeLessThanOrEqual(20);
    expect(pushes(proxy)).toBeLessThanOrEqual(firstRunPushes + 4 * runs);
    console.log(
      `[${kind.name}] bisect: ${ids.length + 1} items, first sync ${firstRunPushes} pushes, ` +
        `dead-lettered after ${runs} syncs and ${pushes(proxy)} pushes`,
    );
    await Promise.all([device.close(), proxy.close()]);
  });

  it("an item that breaks the server inside a finished attempt's row is found alone: the row is split, the rest of it is stored once", async () => {
    let poisonedId = '';
    const proxy = await startFaultProxy(t.url, (_n, path, body) =>
      pushedIds(path, body).includes(poisonedId) ? serverError : { kind: 'pass' },
    );
    const { learner, device, clock, ids, study } = await phone(proxy.url, 'bisect-row', 2);
    const { attempt, answers } = attemptWithAnswers(learner.id, 'pretest', [true, true]);
    const poisoned = answerItem(learner.id, attempt.attemptId, 'pretest', 'q1', true);
    poisoned.value = { type: 'single', choice: 'a\ud800' };
    poisonedId = poisoned.id;
    await device.enqueueFinished([...answers, poisoned], attempt);
    ids.push(...[...answers, attempt].map((item) => item.id));
    await study();
    expect(await device.db.outbox.count()).toBe(4); // four finished quizzes, a row each

    await syncOnce(device.ctx);
    expect(await device.pending()).toBe(1);
    await expectExactlyOnce(ids);
    const [left] = await device.db.outbox.where('state').equals('pending').toArray();
    expect([left!.id, left!.answers]).toEqual([poisoned.id, undefined]);
    for (let runs = 0; (await deadRows(device)).length === 0 && runs < 20; runs++) {
      clock.now += 3 * MINUTE;
      await study(); // a lone 5xx counts against the item only in a run where the server stored others
      await syncOnce(device.ctx);
    }
    expect((await deadRows(device)).map((r) => [r.id, r.lastError])).toEqual([
      [poisoned.id, 'server_error_persistent'],
    ]);
    expect(await device.pending()).toBe(0);
    await expectExactlyOnce(ids);
    await Promise.all([device.close(), proxy.close()]);
  });

  const outages: Array<[string, (path: string) => Fault | 'refused']> = [
    ['every request answers 500, /healthz too', () => serverError],
    [
      'every push answers 500 while /healthz says ok (the server stores nothing)',
      (path) => (path.startsWith('/api/sync/push') ? serverError : { kind: 'pass' }),
    ],
    ['the server refuses connections', () => 'refused'],
  ];
  for (const [i, [name, outage]] of outages.entries()) {
    it(`an outage dead-letters nothing over an hour of syncs, and everything syncs once the server is back: ${name}`, async () => {
      let down = true;
      const proxy = await startFaultProxy(t.url, (_n, path) => {
        const fault = down ? outage(path) : 'refused';
        return fault === 'refused' ? { kind: 'pass' } : fault;
      });
      const { device, clock, ids, study } = await phone(proxy.url, `outage-${i}`, 6);
      // Nothing listens on the discard port on loopback: every connection is refused.
      if (outage('/api/sync/push') === 'refused') device.ctx.baseUrl = 'http://127.0.0.1:9';
      let requests = 0;
      const realFetch = device.ctx.fetch;
      device.ctx.fetch = (input, init) => (requests++, realFetch(input, init));
      let most = 0;
      for (let run = 0; run < 20; run++) {
        const before = requests;
        const report = await syncOnce(device.ctx);
        expect(report.lastError).toBeDefined();
        most = Math.max(most, requests - before);
        clock.now += 3 * MINUTE;
        if (run % 4 === 0) await study();
      }
      expect(await deadRows(device)).toEqual([]);
      expect(await device.pending()).toBe(ids.length);
      expect((await countStored(t.store, ids)).size).toBe(0);
      // An outage costs a sync a few small requests, not one per queued item.
      expect(most).toBeLessThanOrEqual(13);

      down = false;
      device.ctx.baseUrl = proxy.url;
      await device.syncUntilDrained();
      expect(await deadRows(device)).toEqual([]);
      expect(await device.pending()).toBe(0);
      await expectExactlyOnce(ids);
      console.log(`[${kind.name}] outage (${name}): at most ${most} requests per sync`);
      await Promise.all([device.close(), proxy.close()]);
    });
  }

  it('a transient 500 (the first two pushes fail, then the server is fine) dead-letters nothing', async () => {
    let failures = 0;
    const proxy = await startFaultProxy(t.url, (_n, path) =>
      path.startsWith('/api/sync/push') && failures++ < 2 ? serverError : { kind: 'pass' },
    );
    const { device, ids } = await phone(proxy.url, 'transient-1', 5);
    await device.syncUntilDrained();
    expect(failures).toBeGreaterThan(2);
    expect(await deadRows(device)).toEqual([]);
    expect(await device.pending()).toBe(0);
    await expectExactlyOnce(ids);
    await Promise.all([device.close(), proxy.close()]);
  });

  it('an item that fails with 500 a few times, once alone, and then goes through is not dead-lettered, and its count is cleared', async () => {
    let flakyId = '';
    let failures = 0;
    let lone = 0;
    const proxy = await startFaultProxy(t.url, (_n, path, body) => {
      const ids = pushedIds(path, body);
      if (!ids.includes(flakyId) || failures++ >= 4) return { kind: 'pass' };
      if (ids.length === 1) lone++;
      return serverError;
    });
    const { device, ids } = await phone(proxy.url, 'transient-2', 2);
    const rows = await device.db.outbox.toArray();
    flakyId = rows[rows.length - 1]!.id; // the last item: the others are stored first, so its lone failure counts
    const recorded: number[] = [];
    device.db.outbox.hook('updating', (changes: { serverErrors?: { count: number } }) => {
      if (changes.serverErrors) recorded.push(changes.serverErrors.count);
    });
    await device.syncUntilDrained();
    expect(lone).toBe(1);
    expect(recorded).toEqual([1]);
    expect(await deadRows(device)).toEqual([]);
    expect(await device.pending()).toBe(0);
    await expectExactlyOnce(ids);
    const flaky = await device.db.outbox.where('id').equals(flakyId).first();
    expect(flaky).toMatchObject({ state: 'synced' });
    expect(flaky!.serverErrors).toBeUndefined();
    await Promise.all([device.close(), proxy.close()]);
  });
});
