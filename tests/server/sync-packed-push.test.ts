import 'fake-indexeddb/auto';
import { gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { NO_PACKING, packingKey, readState } from '../../src/db/sync-state';
import { nextId } from '../../src/shared/sync/pack-items';
import { pushOutbox } from '../../src/sync/push-outbox';
import { createTestDevice } from './harness/test-device';
import { attemptWithAnswers, countStored, learnerWithToken } from './sync-fixtures';
import { useServedTestApp } from './test-app';
import { describeEachStore } from './test-stores';

// The phone's engine and a real server: a phone packs its items from its first push to a server it
// has not pushed to yet, and keeps packing while the server's answers say it reads them (also in the
// next run). A server that refuses a packed push gets the same batch again plain at once, and is
// remembered as plain: packing costs one request, once, never an item.

describeEachStore('sync: packed pushes', (kind) => {
  const t = useServedTestApp(kind);

  /**
   * A phone whose pushes are recorded (`packed` or `items`). Once `server.older` is set, the server
   * is one from before packing: it refuses a packed push and its answers list no packings.
   */
  async function phone(username: string) {
    const learner = await learnerWithToken(t.store, username);
    const forms: string[] = [];
    const older = { on: false };
    const device = await createTestDevice({
      baseUrl: t.url,
      learner,
      fetch: async (input, init) => {
        if (new URL(String(input)).pathname === '/api/sync/push') {
          const body = JSON.parse(gunzipSync(Buffer.from(init!.body as Uint8Array)).toString('utf8')) as object;
          const form = 'packed' in body ? 'packed' : 'items';
          forms.push(form);
          // An older server: its strict schema refuses the field it does not know.
          if (older.on && form === 'packed')
            return Response.json({ error: { code: 'invalid_request', message: 'packed' } }, { status: 400 });
          if (older.on) {
            const answer = (await (await fetch(input, init)).json()) as { packings?: string[] };
            delete answer.packings;
            return Response.json(answer);
          }
        }
        return fetch(input, init);
      },
    });
    const ids: string[] = [];
    const study = async (attempts: number) => {
      for (let i = 0; i < attempts; i++) {
        const { attempt, answers } = attemptWithAnswers(learner.id, 'pretest', [true, false]);
        const id = attempt.id.slice(0, 32) + '0000';
        let answerId = id;
        const numbered = answers.map((a) => ({ ...a, attemptId: id, id: (answerId = nextId(answerId)!) }));
        for (const item of [...numbered, { ...attempt, id, attemptId: id, answerIds: numbered.map((a) => a.id) }]) {
          const { seq: _seq, ...unsequenced } = item;
          await device.enqueue(unsequenced);
          ids.push(item.id);
        }
      }
    };
    return { device, forms, ids, study, older };
  }

  it('packs from the first push, in this run and the next, once the answer says so; everything is stored once', async () => {
    const { device, forms, ids, study } = await phone('packed-siti');
    try {
      await study(60); // 180 items
      const first = await pushOutbox(device.ctx);
      expect(first.lastError).toBeUndefined();
      expect(forms.length).toBeGreaterThan(0);
      expect(forms.every((f) => f === 'packed')).toBe(true);
      expect(await readState(device.db, packingKey(t.url))).toBe('diff/1');
      await study(5);
      const before = forms.length;
      await pushOutbox(device.ctx);
      expect(forms.slice(before)).toEqual(['packed']);
      expect(await device.pending()).toBe(0);
      expect([...(await countStored(t.store, ids)).values()].every((n) => n === 1)).toBe(true);
      expect((await countStored(t.store, ids)).size).toBe(ids.length);
    } finally {
      await device.close();
    }
  });

  it('a packed push refused (a server that no longer reads it) goes again plain, is remembered, and nothing is dead-lettered', async () => {
    const { device, forms, ids, study, older } = await phone('packed-budi');
    try {
      await study(3);
      await pushOutbox(device.ctx); // packed; the answer says the server reads it
      older.on = true;
      await study(3);
      const report = await pushOutbox(device.ctx);
      expect(report.lastError).toBeUndefined();
      expect(report.dead).toBe(0);
      expect(forms).toEqual(['packed', 'packed', 'items']);
      expect(await readState(device.db, packingKey(t.url))).toBe(NO_PACKING);
      // The next run goes plain at once: no refused request each time.
      await study(2);
      await pushOutbox(device.ctx);
      expect(forms).toEqual(['packed', 'packed', 'items', 'items']);
      expect(await device.pending()).toBe(0);
      expect((await countStored(t.store, ids)).size).toBe(ids.length);
    } finally {
      await device.close();
    }
  });

  it('a server from before packing, from the first push: one refused request, then plain, then plain in the next run', async () => {
    const { device, forms, ids, study, older } = await phone('packed-wati');
    older.on = true;
    try {
      await study(4);
      const report = await pushOutbox(device.ctx);
      expect(report.lastError).toBeUndefined();
      expect(report.dead).toBe(0);
      expect(forms).toEqual(['packed', 'items']);
      expect(await readState(device.db, packingKey(t.url))).toBe(NO_PACKING);
      await study(2);
      await pushOutbox(device.ctx);
      expect(forms).toEqual(['packed', 'items', 'items']);
      expect(await device.pending()).toBe(0);
      expect((await countStored(t.store, ids)).size).toBe(ids.length);
    } finally {
      await device.close();
    }
  });
});
