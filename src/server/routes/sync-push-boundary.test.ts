import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { useTestApp } from '../../../tests/server/test-app';
import { describeEachStore } from '../../../tests/server/test-stores';
import {
  COURSE,
  answerItem,
  attemptWithAnswers,
  countStored,
  learnerWithToken,
  progressItem,
  pushInit,
  seedQuizzes,
  type PushResponse,
} from '../../../tests/server/sync-fixtures';
import type { RegionReport, SilentVillagesResponse } from '../../shared/monitoring/region-report';
import type { ReconcileResponse } from '../../shared/sync/protocol';
import { createSession } from '../auth/sessions';
import { ensureUser } from '../auth/users';
import { loadRegions } from '../regions/load-regions';

// What an outside client (written from the OpenAPI document alone) can send in one push item:
// every such item gets its own answer and never costs the other items of the batch.
describeEachStore('sync push at the boundary', (kind) => {
  const t = useTestApp(kind);
  const push = async (token: string, body: unknown) => {
    const res = await t.app.request('/api/sync/push', pushInit(token, body));
    expect(res.status).toBe(200);
    return ((await res.json()) as PushResponse).results;
  };
  const statuses = (results: PushResponse['results']) => results.map((r) => [r.status, r.reason]);

  it('a lone UTF-16 surrogate or NUL in any string or key rejects only that item as invalid_item; the rest is stored', async () => {
    await seedQuizzes(t.store);
    const siti = await learnerWithToken(t.store, 'siti-surrogate');
    const good = progressItem(siti.id, 'l1', { completed: true, hlc: '000000000000001:000000:a' });
    const attemptId = randomUUID();
    const bad = [
      progressItem(siti.id, 'l\ud800x', { completed: true, hlc: '1:0:a' }), // lessonId
      { ...answerItem(siti.id, attemptId, 'pretest', 'q1', true), value: { type: 'short', text: 'emoji \ud83d' } },
      { ...answerItem(siti.id, attemptId, 'pretest', 'q2', true), questionId: 'q2\udc00' },
      {
        ...answerItem(siti.id, attemptId, 'pretest', 'q1', true),
        value: { type: 'matching', pairs: { 'a\ud800': 'b' } },
      },
      { ...progressItem(siti.id, 'l2', { completed: true, hlc: '1:0:a' }), courseId: `${COURSE.id}\u0000` },
      { ...progressItem(siti.id, 'l3', { completed: true, hlc: '1:0:\ud800' }) }, // hlc device part
    ];
    // JSON.stringify writes a lone surrogate as the escape `\ud800`: exactly what such a phone sends.
    const results = await push(siti.token, { deviceId: siti.deviceId, items: [...bad, good] });
    expect(statuses(results)).toEqual([...bad.map(() => ['rejected', 'invalid_item']), ['accepted', undefined]]);
    expect(results[0]!.detail).toMatch(/^lessonId: .*lone UTF-16 surrogate/);
    expect(results[1]!.detail).toMatch(/^value\.text: /);
    expect(results[3]!.detail).toMatch(/^value\.pairs: a key holds a lone UTF-16 surrogate/);
    expect(results[4]!.detail).toMatch(/^courseId: contains a NUL character/);
    expect((await countStored(t.store, [...bad.map((b) => b.id), good.id])).size).toBe(1);
  });

  it('a lesson position as tiny as a double allows (2.7e-294) is stored, not a 500 for the batch', async () => {
    await seedQuizzes(t.store);
    const siti = await learnerWithToken(t.store, 'siti-tiny-position');
    const tiny = progressItem(siti.id, 'l1', { completed: false, position: 2.7e-294, hlc: '000000000000001:000000:a' });
    const other = progressItem(siti.id, 'l2', { completed: true, hlc: '000000000000001:000000:a' });
    const results = await push(siti.token, { deviceId: siti.deviceId, items: [tiny, other] });
    expect(statuses(results)).toEqual([
      ['accepted', undefined],
      ['accepted', undefined],
    ]);
    expect((await countStored(t.store, [tiny.id, other.id])).size).toBe(2);
  });

  it('a lone surrogate in the id itself is rejected with id null, not echoed', async () => {
    const siti = await learnerWithToken(t.store, 'siti-surrogate-id');
    const item = { ...progressItem(siti.id, 'l1', { completed: true, hlc: '1:0:a' }), id: '\ud800' };
    const results = await push(siti.token, { deviceId: siti.deviceId, items: [item] });
    expect(results).toEqual([
      { index: 0, id: null, status: 'rejected', reason: 'invalid_item', detail: expect.any(String) },
    ]);
  });

  it('non-finite numbers (1e999 parses to Infinity) in any numeric field reject only that item as invalid_item', async () => {
    const siti = await learnerWithToken(t.store, 'siti-infinity');
    const practice = attemptWithAnswers(siti.id, 'latihan-1', [true, true], 'latihan', 100);
    const INF = 123456.5; // replaced by 1e999 / -1e999 in the JSON text below
    const numeric = { ...practice.answers[0]!, value: { type: 'numeric', value: INF } };
    const clientScore = { ...practice.attempt, clientScore: INF };
    const answeredAt = { ...practice.answers[1]!, answeredAt: -INF };
    const position = progressItem(siti.id, 'l1', { completed: false, position: INF, hlc: '1:0:a' });
    const seq = { ...progressItem(siti.id, 'l2', { completed: true, hlc: '1:0:a' }), seq: INF };
    const good = progressItem(siti.id, 'l3', { completed: true, hlc: '1:0:a' });
    const text = JSON.stringify({
      deviceId: siti.deviceId,
      items: [numeric, clientScore, answeredAt, position, seq, good],
    }).replaceAll(String(INF), '1e999');
    expect(text.match(/1e999/g)).toHaveLength(5);
    const results = await push(siti.token, text);
    expect(statuses(results)).toEqual([
      ['rejected', 'invalid_item'],
      ['rejected', 'invalid_item'],
      ['rejected', 'invalid_item'],
      ['rejected', 'invalid_item'],
      ['rejected', 'invalid_item'],
      ['accepted', undefined],
    ]);
    expect(results[0]!.detail).toBe('value.value: not a finite number (Infinity)');
    expect(results[1]!.detail).toBe('clientScore: not a finite number (Infinity)');
    expect(results[2]!.detail).toBe('answeredAt: not a finite number (-Infinity)');
    const stored = await t.store.query(`SELECT 1 FROM attempts WHERE id = $1`, [practice.attempt.id]);
    expect(stored.rows).toHaveLength(0); // nothing graded from a score that cannot be what was sent
  });

  it('progress for an unknown course is rejected as unknown_course, a made-up lesson as unknown_lesson', async () => {
    const siti = await learnerWithToken(t.store, 'siti-unknown-course');
    const fake = { ...progressItem(siti.id, 'l1', { completed: true, hlc: '1:0:a' }), courseId: 'kursus-palsu' };
    const madeUp = progressItem(siti.id, 'pelajaran-karangan', { completed: true, hlc: '1:0:a' });
    const real = progressItem(siti.id, 'l1', { completed: true, hlc: '1:0:a' });
    const results = await push(siti.token, { deviceId: siti.deviceId, items: [fake, madeUp, real] });
    expect(statuses(results)).toEqual([
      ['rejected', 'unknown_course'],
      ['rejected', 'unknown_lesson'],
      ['accepted', undefined],
    ]);
    expect(results[0]!.detail).toContain('kursus-palsu');
    expect(results[1]!.detail).toContain('pelajaran-karangan');
    const { rows } = await t.store.query<{ lesson_id: string }>(
      `SELECT lesson_id FROM lesson_progress WHERE learner_id = $1`,
      [siti.id],
    );
    expect(rows.map((r) => r.lesson_id)).toEqual(['l1']);
  });

  it('answers and attempts for an unknown course are rejected as unknown_course; an unknown quiz of a real course stays unknown_quiz', async () => {
    const siti = await learnerWithToken(t.store, 'siti-unknown-course-quiz');
    const fake = attemptWithAnswers(siti.id, 'pretest', [true, true]);
    const fakeItems = [...fake.answers, fake.attempt].map((i) => ({ ...i, courseId: 'kursus-palsu' }));
    const noQuiz = attemptWithAnswers(siti.id, 'kuis-palsu', [true, true]).attempt;
    const results = await push(siti.token, { deviceId: siti.deviceId, items: [...fakeItems, noQuiz] });
    expect(statuses(results)).toEqual([
      ['rejected', 'unknown_course'],
      ['rejected', 'unknown_course'],
      ['rejected', 'unknown_course'],
      ['rejected', 'unknown_quiz'],
    ]);
  });

  it('upper-cased ids are the same item: a replay with upper-case ids is a duplicate, and so is the reverse', async () => {
    const siti = await learnerWithToken(t.store, 'siti-upper');
    const { attempt, answers } = attemptWithAnswers(siti.id, 'posttest', [true, true]);
    const progress = progressItem(siti.id, 'l1', { completed: true, hlc: '1:0:a' });
    const items = [...answers, attempt, progress];
    const upper = (item: (typeof items)[number]) =>
      JSON.parse(
        JSON.stringify(item).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) =>
          id.toUpperCase(),
        ),
      ) as typeof item;
    const upperItems = items.map(upper);
    expect(upperItems[2]!.id).toBe(attempt.id.toUpperCase());

    // First upper-case, then the phone's own lower-case copy, then upper-case again.
    const first = await push(siti.token, { deviceId: siti.deviceId.toUpperCase(), items: upperItems });
    expect(first.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    expect(first.map((r) => r.id)).toEqual(items.map((i) => i.id)); // answered in canonical form
    for (const replay of [items, upperItems]) {
      const again = await push(siti.token, { deviceId: siti.deviceId, items: replay });
      expect(again.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    }
    // Graded although its answer ids were listed upper-case.
    const graded = await t.store.query<{ score: string }>(`SELECT score FROM attempts WHERE id = $1`, [attempt.id]);
    expect(Number(graded.rows[0]!.score)).toBe(100);

    const reconcile = await t.app.request('/api/sync/reconcile', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${siti.token}` },
      body: JSON.stringify({ ids: [attempt.id.toUpperCase(), randomUUID().toUpperCase()] }),
    });
    const { missing } = (await reconcile.json()) as ReconcileResponse;
    expect(missing).toHaveLength(1);
    expect(missing[0]).toBe(missing[0]!.toLowerCase());
  });

  it('two learners on one shared phone (same deviceId) each have their own last sync', async () => {
    await loadRegions(t.store, { under: '34' });
    const desa = '34.02.03.2001';
    const learner = async (username: string) => {
      const { id } = await ensureUser(t.store, { username, name: username, role: 'learner', desaCode: desa });
      return id;
    };
    const ani = await learner('ani-shared');
    const budi = await learner('budi-shared');
    const phone = randomUUID();
    const tokenAni = (await createSession(t.store, ani, phone)).token;
    const tokenBudi = (await createSession(t.store, budi, phone)).token;
    const { id: monitorId } = await ensureUser(t.store, {
      username: 'monitor-shared',
      name: 'Monitor',
      role: 'monitor',
      regionCode: '34.02',
    });
    const monitor = (await createSession(t.store, monitorId, undefined)).token;

    for (const [id, token] of [
      [ani, tokenAni],
      [budi, tokenBudi],
    ] as const) {
      const item = progressItem(id, 'l1', { completed: true, hlc: `1:0:${phone}` });
      expect((await push(token, { deviceId: phone, items: [item] }))[0]!.status).toBe('accepted');
    }
    const report = (await (
      await t.call('GET', `/api/reports/regions/${desa}`, { token: monitor })
    ).json()) as RegionReport;
    expect(report.learners.map((l) => [l.username, l.lastSyncAt !== null])).toEqual([
      ['ani-shared', true],
      ['budi-shared', true],
    ]);
    expect(report.totals).toMatchObject({ learners: 2, active30d: 2, neverSynced: 0 });
    const silent = (await (
      await t.call('GET', `/api/reports/regions/${desa}/silent`, { token: monitor })
    ).json()) as SilentVillagesResponse;
    expect(silent.villages).toEqual([]);
    expect(silent.learners).toEqual([]);
  });
});
