import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../tests/server/test-app';
import { describeEachStore } from '../../../tests/server/test-stores';
import {
  attemptWithAnswers,
  countStored,
  learnerWithToken,
  progressItem,
  pushInit,
  seedQuizzes,
  type PushResponse,
} from '../../../tests/server/sync-fixtures';
import { MAX_PUSH_ITEMS, type PullResponse, type ReconcileResponse } from '../../shared/sync/protocol';
import { readPullChanges } from '../sync/read-pull-changes';
import { PUSH_ANSWER_EXCEPTIONS, PUSH_ANSWER_HEADER, expandPushResults } from '../../shared/sync/push-answer';

describeEachStore('sync push', (kind) => {
  const t = useTestApp(kind, { maxBodyBytes: 256 * 1024 });
  const push = async (token: string, body: unknown, gzip = false) => {
    const res = await t.app.request('/api/sync/push', pushInit(token, body, gzip));
    return { status: res.status, body: (await res.json()) as PushResponse & { error?: { code: string } } };
  };

  it('accepts a batch, answers per item in order, and stores server receive time beside client time', async () => {
    await seedQuizzes(t.store);
    const siti = await learnerWithToken(t.store, 'siti');
    const { attempt, answers } = attemptWithAnswers(siti.id, 'pretest', [true, false]);
    const items = [...answers, attempt];
    const { status, body } = await push(siti.token, { deviceId: siti.deviceId, items });
    expect(status).toBe(200);
    expect(body.serverEpoch).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.results).toEqual(items.map((item, index) => ({ index, id: item.id, status: 'accepted' })));
    const { rows } = await t.store.query<{ client_time: Date; received_at: Date }>(
      `SELECT client_time, received_at FROM sync_items WHERE id = $1`,
      [attempt.id],
    );
    expect(new Date(rows[0]!.client_time).getTime()).toBe(attempt.finishedAt);
    expect(new Date(rows[0]!.received_at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const device = await t.store.query<{ last_seq: string | number }>(`SELECT last_seq FROM devices WHERE id = $1`, [
      siti.deviceId,
    ]);
    expect(Number(device.rows[0]!.last_seq)).toBe(Math.max(...items.map((i) => i.seq)));
  });

  it('with Lentera-Push-Answer: exceptions names only the items not stored and counts the rest', async () => {
    await seedQuizzes(t.store);
    const siti = await learnerWithToken(t.store, 'siti-short');
    const first = attemptWithAnswers(siti.id, 'pretest', [true, false]);
    await push(siti.token, { deviceId: siti.deviceId, items: [first.attempt] });
    const unknown = attemptWithAnswers(siti.id, 'no-such-quiz', [true, true]);
    const items = [first.attempt, ...first.answers, unknown.attempt];
    const init = pushInit(siti.token, { deviceId: siti.deviceId, items });
    const res = await t.app.request('/api/sync/push', {
      ...init,
      headers: { ...(init.headers as Record<string, string>), [PUSH_ANSWER_HEADER]: PUSH_ANSWER_EXCEPTIONS },
    });
    const body = (await res.json()) as PushResponse;
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ accepted: 2, duplicate: 1 });
    expect(body.results).toEqual([
      { index: 3, id: unknown.attempt.id, status: 'rejected', reason: 'unknown_quiz', detail: expect.any(String) },
    ]);
    // What the phone makes of it: one result per item again, nothing lost.
    expect(
      expandPushResults(
        body,
        items.map((i) => i.id),
      )?.map((r) => r.status),
    ).toEqual(['accepted', 'accepted', 'accepted', 'rejected']);
    expect((await countStored(t.store, [first.attempt.id, ...first.answers.map((a) => a.id)])).size).toBe(3);
  });

  it('grades an ujian attempt once the attempt and all its answers are there, in any order', async () => {
    const siti = await learnerWithToken(t.store, 'siti-grade');
    const { attempt, answers } = attemptWithAnswers(siti.id, 'posttest', [true, false]);
    // The attempt arrives before its second answer: no grade yet.
    await push(siti.token, { deviceId: siti.deviceId, items: [attempt, answers[0]] });
    const before = await t.store.query<{ graded_at: unknown; role: string }>(
      `SELECT graded_at, role FROM attempts WHERE id = $1`,
      [attempt.id],
    );
    expect(before.rows[0]).toMatchObject({ graded_at: null, role: 'posttest' });
    await push(siti.token, { deviceId: siti.deviceId, items: [answers[1]] });
    const after = await t.store.query<{ score: string; passed: boolean }>(
      `SELECT score, passed FROM attempts WHERE id = $1`,
      [attempt.id],
    );
    expect(Number(after.rows[0]!.score)).toBe(50);
    expect(after.rows[0]!.passed).toBe(false);
  });

  it('re-grades latihan and flags a phone score that differs', async () => {
    const siti = await learnerWithToken(t.store, 'siti-latihan');
    const honest = attemptWithAnswers(siti.id, 'latihan-1', [true, true], 'latihan', 100);
    const wrong = attemptWithAnswers(siti.id, 'latihan-1', [true, false], 'latihan', 100);
    await push(siti.token, {
      deviceId: siti.deviceId,
      items: [...honest.answers, honest.attempt, ...wrong.answers, wrong.attempt],
    });
    const { rows } = await t.store.query<{ id: string; score: string; score_mismatch: boolean }>(
      `SELECT id::text AS id, score, score_mismatch FROM attempts WHERE id IN ($1, $2)`,
      [honest.attempt.id, wrong.attempt.id],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(honest.attempt.id)).toMatchObject({ score_mismatch: false });
    expect(byId.get(wrong.attempt.id)).toMatchObject({ score_mismatch: true });
    expect(Number(byId.get(wrong.attempt.id)!.score)).toBe(50);
  });

  describe('bad input: a specific error, and the valid items of the batch are stored', () => {
    it('wrong types and unknown fields reject only that item (invalid_item)', async () => {
      const siti = await learnerWithToken(t.store, 'siti-bad');
      const good = progressItem(siti.id, 'l1', { completed: true, hlc: '000000000000001:000000:dev' });
      const wrongType = { ...progressItem(siti.id, 'l2', { completed: true, hlc: '1:0:d' }), completed: 'yes' };
      const unknownField = { ...progressItem(siti.id, 'l3', { completed: true, hlc: '1:0:d' }), admin: true };
      const { status, body } = await push(siti.token, {
        deviceId: siti.deviceId,
        items: [wrongType, good, unknownField, 42],
      });
      expect(status).toBe(200);
      expect(body.results.map((r) => [r.status, r.reason])).toEqual([
        ['rejected', 'invalid_item'],
        ['accepted', undefined],
        ['rejected', 'invalid_item'],
        ['rejected', 'invalid_item'],
      ]);
      expect(body.results[0]!.detail).toMatch(/completed/);
      expect(body.results[2]!.detail).toMatch(/admin/);
      expect((await countStored(t.store, [good.id, wrongType.id, unknownField.id])).size).toBe(1);
    });

    it('an attempt for an unknown quiz is rejected as unknown_quiz; the rest is stored', async () => {
      const siti = await learnerWithToken(t.store, 'siti-unknown');
      const ok = attemptWithAnswers(siti.id, 'pretest', [true, true]);
      const unknown = attemptWithAnswers(siti.id, 'no-such-quiz', [true, true]);
      const { body } = await push(siti.token, {
        deviceId: siti.deviceId,
        items: [unknown.attempt, ok.attempt, ...ok.answers],
      });
      expect(body.results[0]).toMatchObject({ status: 'rejected', reason: 'unknown_quiz' });
      expect(body.results.slice(1).every((r) => r.status === 'accepted')).toBe(true);
      expect((await countStored(t.store, [ok.attempt.id, ...ok.answers.map((a) => a.id)])).size).toBe(3);
    });

    it("another learner's item is rejected as forbidden (403 for that item); own items are stored", async () => {
      const siti = await learnerWithToken(t.store, 'siti-403');
      const budi = await learnerWithToken(t.store, 'budi-403');
      const own = progressItem(siti.id, 'l1', { completed: false, position: 0.5, hlc: '000000000000001:000000:a' });
      const foreign = progressItem(budi.id, 'l1', { completed: true, hlc: '000000000000001:000000:a' });
      const { body } = await push(siti.token, { deviceId: siti.deviceId, items: [foreign, own] });
      expect(body.results.map((r) => r.status)).toEqual(['rejected', 'accepted']);
      expect(body.results[0]!.reason).toBe('forbidden');
      expect((await countStored(t.store, [own.id, foreign.id])).has(foreign.id.toLowerCase())).toBe(false);
    });

    it('malformed JSON → 400 malformed_json, nothing stored', async () => {
      const siti = await learnerWithToken(t.store, 'siti-json');
      const res = await t.app.request('/api/sync/push', pushInit(siti.token, '{"deviceId": "x", "items": [{'));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('malformed_json');
    });

    it('a request that is not a push (wrong envelope types, unknown fields) → 400 invalid_request', async () => {
      const siti = await learnerWithToken(t.store, 'siti-envelope');
      const { status, body } = await push(siti.token, { deviceId: 5, items: [], extra: 1 });
      expect(status).toBe(400);
      expect(body.error?.code).toBe('invalid_request');
    });

    it('a body over the limit → 413 body_too_large', async () => {
      const siti = await learnerWithToken(t.store, 'siti-big');
      const res = await t.app.request(
        '/api/sync/push',
        pushInit(siti.token, { deviceId: siti.deviceId, items: ['x'.repeat(300 * 1024)] }),
      );
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
    });

    it('a gzip bomb (tiny body, huge when inflated) → 413 body_too_large, not an out-of-memory', async () => {
      const siti = await learnerWithToken(t.store, 'siti-bomb');
      const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
      expect(bomb.length).toBeLessThan(256 * 1024);
      const res = await t.app.request('/api/sync/push', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Encoding': 'gzip',
          Authorization: `Bearer ${siti.token}`,
        },
        body: bomb,
      });
      expect(res.status).toBe(413);
    });

    it('a truncated gzip body → 400 bad_gzip, nothing stored', async () => {
      const siti = await learnerWithToken(t.store, 'siti-trunc');
      const item = progressItem(siti.id, 'l1', { completed: true, hlc: '000000000000001:000000:a' });
      const whole = gzipSync(JSON.stringify({ deviceId: siti.deviceId, items: [item] }));
      const res = await t.app.request('/api/sync/push', {
        ...pushInit(siti.token, ''),
        headers: {
          'Content-Type': 'application/json',
          'Content-Encoding': 'gzip',
          Authorization: `Bearer ${siti.token}`,
        },
        body: whole.subarray(0, whole.length - 12),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_gzip');
      expect((await countStored(t.store, [item.id])).size).toBe(0);
    });

    it('expired or revoked token → 401 with the reason, nothing stored', async () => {
      const siti = await learnerWithToken(t.store, 'siti-401');
      const item = progressItem(siti.id, 'l1', { completed: true, hlc: '000000000000001:000000:a' });
      await t.store.query(`UPDATE sessions SET revoked_at = now() WHERE device_id = $1`, [siti.deviceId]);
      const revoked = await push(siti.token, { deviceId: siti.deviceId, items: [item] });
      expect([revoked.status, revoked.body.error?.code]).toEqual([401, 'token_revoked']);
      const again = await learnerWithToken(t.store, 'siti-401');
      await t.store.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE device_id = $1`, [
        again.deviceId,
      ]);
      const expired = await push(again.token, { deviceId: again.deviceId, items: [item] });
      expect([expired.status, expired.body.error?.code]).toEqual([401, 'token_expired']);
      expect((await countStored(t.store, [item.id])).size).toBe(0);
    });

    it('a malformed HLC is rejected as invalid_hlc; a NUL character as invalid_item', async () => {
      const siti = await learnerWithToken(t.store, 'siti-hlc');
      const bad = progressItem(siti.id, 'l1', { completed: true, hlc: 'kemarin' });
      const nul = progressItem(siti.id, 'l\u0000', { completed: true, hlc: '1:0:a' });
      const good = progressItem(siti.id, 'l2', { completed: true, hlc: '1:0:a' });
      const { body } = await push(siti.token, { deviceId: siti.deviceId, items: [bad, nul, good] });
      expect(body.results.map((r) => r.reason ?? r.status)).toEqual(['invalid_hlc', 'invalid_item', 'accepted']);
    });
  });

  it('pull returns grades and merged progress after a checkpoint, then nothing new', async () => {
    const siti = await learnerWithToken(t.store, 'siti-pull');
    const { attempt, answers } = attemptWithAnswers(siti.id, 'pretest', [true, true]);
    const phoneA = progressItem(siti.id, 'l1', { completed: true, position: 0.2, hlc: '000000000000010:000000:a' });
    const phoneB = progressItem(siti.id, 'l1', { completed: false, position: 0.9, hlc: '000000000000020:000000:b' });
    await push(siti.token, { deviceId: siti.deviceId, items: [...answers, attempt, phoneB, phoneA] });
    const res = await t.app.request('/api/sync/pull?since=0', { headers: { Authorization: `Bearer ${siti.token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as PullResponse;
    expect(body.grades).toEqual([
      expect.objectContaining({ attemptId: attempt.id, score: 100, graded: true, passed: null }),
    ]);
    // completed by OR, position by the newest HLC, whatever the order of arrival
    expect(body.progress).toEqual([
      {
        courseId: 'perencanaan',
        lessonId: 'l1',
        completed: true,
        position: expect.closeTo(0.9, 5),
        positionHlc: phoneB.hlc,
        hlc: phoneB.hlc,
      },
    ]);
    const next = await t.app.request(`/api/sync/pull?since=${body.checkpoint}`, {
      headers: { Authorization: `Bearer ${siti.token}` },
    });
    expect(await next.json()).toMatchObject({ grades: [], progress: [], hasMore: false, checkpoint: body.checkpoint });
  });

  it('pull pages end at their change cap or byte budget; the next page starts right after, nothing skipped or repeated', async () => {
    await seedQuizzes(t.store);
    const siti = await learnerWithToken(t.store, 'siti-pages');
    const items = [];
    for (let i = 0; i < 4; i++) {
      const { attempt, answers } = attemptWithAnswers(siti.id, 'pretest', [true, i % 2 === 0]);
      items.push(
        ...answers,
        attempt,
        progressItem(siti.id, `l${i}`, { completed: true, hlc: `00000000000001${i}:000000:a` }),
      );
    }
    await push(siti.token, { deviceId: siti.deviceId, items });
    const whole = await readPullChanges(t.store, siti.id, '0');
    expect([whole.grades.length, whole.progress.length, whole.hasMore]).toEqual([4, 4, false]);
    const names = (page: Awaited<ReturnType<typeof readPullChanges>>) => [
      ...page.grades.map((g) => g.attemptId),
      ...page.progress.map((p) => p.lessonId),
    ];
    for (const limits of [
      { maxChanges: 3, maxBytes: 1_000_000 },
      { maxChanges: 2_000, maxBytes: 1 }, // one change a page: the first always goes
      { maxChanges: 2_000, maxBytes: 300 },
    ]) {
      const seen: string[] = [];
      let since = '0';
      let pages = 0;
      for (;;) {
        const page = await readPullChanges(t.store, siti.id, since, limits);
        pages++;
        expect(page.grades.length + page.progress.length).toBeLessThanOrEqual(limits.maxChanges);
        seen.push(...names(page));
        if (!page.hasMore) break;
        expect(BigInt(page.checkpoint)).toBeGreaterThan(BigInt(since));
        since = page.checkpoint;
      }
      expect(seen.sort()).toEqual(names(whole).sort());
      expect(pages).toBeGreaterThan(1);
      if (limits.maxBytes === 1) expect(pages).toBe(8);
    }
  });

  it('pull still answers catalogVersion: null, which app versions from before its retirement require', async () => {
    const siti = await learnerWithToken(t.store, 'siti-old-app');
    const res = await t.app.request('/api/sync/pull?since=0', { headers: { Authorization: `Bearer ${siti.token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveProperty('catalogVersion', null);
  });

  it('pull and reconcile refuse bad input with 400 invalid_request', async () => {
    const siti = await learnerWithToken(t.store, 'siti-badpull');
    const pull = await t.app.request('/api/sync/pull?since=kemarin', {
      headers: { Authorization: `Bearer ${siti.token}` },
    });
    expect(pull.status).toBe(400);
    const rec = await t.call('POST', '/api/sync/reconcile', { token: siti.token, json: { ids: ['bukan-uuid'] } });
    expect([rec.status, ((await rec.json()) as { error: { code: string } }).error.code]).toEqual([
      400,
      'invalid_request',
    ]);
  });

  it('reconcile lists the ids the server lacks', async () => {
    const siti = await learnerWithToken(t.store, 'siti-rec');
    const held = progressItem(siti.id, 'l1', { completed: true, hlc: '1:0:a' });
    const lost = progressItem(siti.id, 'l2', { completed: true, hlc: '1:0:a' });
    await push(siti.token, { deviceId: siti.deviceId, items: [held] });
    const res = await t.app.request('/api/sync/reconcile', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${siti.token}` },
      body: JSON.stringify({ ids: [held.id, lost.id] }),
    });
    expect(((await res.json()) as ReconcileResponse).missing).toEqual([lost.id]);
  });

  it('publishes the sync and enrolment operations in the OpenAPI document', async () => {
    const doc = (await (await t.call('GET', '/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    for (const id of [
      'login',
      'createUser',
      'createEnrolmentCode',
      'enrolDevice',
      'syncPush',
      'syncPull',
      'syncReconcile',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('only learners push: an operator gets 403', async () => {
    const op = await learnerWithToken(t.store, 'operator-push', 'operator');
    const { status } = await push(op.token, {
      deviceId: op.deviceId,
      items: [progressItem(op.id, 'l', { completed: true, hlc: '1:0:a' })],
    });
    expect(status).toBe(403);
  });
});

// The item cap with the default body limit: 2,001 items are more than the small limit above.
describeEachStore('sync push item cap', (kind) => {
  const t = useTestApp(kind);
  beforeAll(() => seedQuizzes(t.store));
  const push = async (token: string, body: unknown, gzip = false) => {
    const res = await t.app.request('/api/sync/push', pushInit(token, body, gzip));
    return { status: res.status, body: (await res.json()) as PushResponse & { error?: { code: string } } };
  };

  it(`more than ${MAX_PUSH_ITEMS} items → 413 too_many_items; split batches then store all`, async () => {
    const siti = await learnerWithToken(t.store, 'siti-many');
    const items = Array.from({ length: MAX_PUSH_ITEMS + 1 }, (_, i) =>
      progressItem(siti.id, `l${i % 600}`, { completed: true, hlc: '000000000000001:000000:a' }),
    );
    const tooMany = await push(siti.token, { deviceId: siti.deviceId, items }, true);
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error?.code).toBe('too_many_items');
    expect(
      (
        await countStored(
          t.store,
          items.map((i) => i.id),
        )
      ).size,
    ).toBe(0);
    const first = await push(siti.token, { deviceId: siti.deviceId, items: items.slice(0, MAX_PUSH_ITEMS) }, true);
    const rest = await push(siti.token, { deviceId: siti.deviceId, items: items.slice(MAX_PUSH_ITEMS) }, true);
    expect([first.status, rest.status]).toEqual([200, 200]);
    expect(
      (
        await countStored(
          t.store,
          items.map((i) => i.id),
        )
      ).size,
    ).toBe(items.length);
  });
});
