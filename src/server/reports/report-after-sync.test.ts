import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  COURSE,
  attemptWithAnswers,
  learnerWithToken,
  progressItem,
  pushInit,
  seedQuizzes,
  type PushResponse,
} from '../../../tests/server/sync-fixtures';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import type { RegionReport, SilentVillagesResponse } from '../../shared/monitoring/region-report';
import { createSession } from '../auth/sessions';
import { ensureUser } from '../auth/users';
import { loadRegions } from '../regions/load-regions';

// The report reads what the sync engine writes: attempts pushed and graded through /api/sync/push
// show up in the figures, and the device's sync takes its desa off the silent list.
describeEachStore('reports after a real sync push', (kind) => {
  const t = useTestApp(kind);

  it('counts graded pre- and post-tests, activity and last sync of a pushing phone', async () => {
    await loadRegions(t.store, { under: '34' });
    await seedQuizzes(t.store);
    const siti = await learnerWithToken(t.store, 'siti'); // desa 34.02.01.2001
    const { id: monitorId } = await ensureUser(t.store, {
      username: 'monitor',
      name: 'Monitor',
      role: 'monitor',
      regionCode: '34.02',
    });
    const monitor = (await createSession(t.store, monitorId, undefined)).token;
    const report = async () =>
      (await (await t.call('GET', '/api/reports/regions/34.02.01.2001', { token: monitor })).json()) as RegionReport;
    const silent = async () =>
      (await (
        await t.call('GET', '/api/reports/regions/34.02/silent', { token: monitor })
      ).json()) as SilentVillagesResponse;

    expect((await report()).totals).toMatchObject({ learners: 1, active30d: 0, pretestAvg: null, lastSyncAt: null });
    expect((await silent()).villages.map((v) => v.code)).toEqual(['34.02.01.2001']);

    const pre = attemptWithAnswers(siti.id, 'pretest', [false, true]); // 50
    const post = attemptWithAnswers(siti.id, 'posttest', [true, true]); // 100
    const practice = attemptWithAnswers(siti.id, 'latihan-1', [true, true], 'latihan', 100);
    const items = [...pre.answers, pre.attempt, ...post.answers, post.attempt, ...practice.answers, practice.attempt];
    const res = await t.app.request('/api/sync/push', pushInit(siti.token, { deviceId: siti.deviceId, items }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as PushResponse).results.every((r) => r.status === 'accepted')).toBe(true);

    const after = await report();
    expect(after.totals).toMatchObject({ learners: 1, active30d: 1, pretestAvg: 50, posttestAvg: 100, gain: 50 });
    expect(Date.now() - Date.parse(after.totals.lastSyncAt!)).toBeLessThan(60_000);
    expect(after.learners[0]).toMatchObject({ username: 'siti', pretestAvg: 50, posttestAvg: 100 });
    expect((await silent()).villages).toEqual([]);
  });

  it('counts only lessons of published versions: made-up lessons and courses never raise "lessons completed"', async () => {
    const budi = await learnerWithToken(t.store, 'budi-lessons'); // desa 34.02.01.2001, with siti
    const { id: monitorId } = await ensureUser(t.store, {
      username: 'monitor-lessons',
      name: 'Monitor',
      role: 'monitor',
      regionCode: '34.02',
    });
    const monitor = (await createSession(t.store, monitorId, undefined)).token;
    const lessonsOfBudi = async () => {
      const report = (await (
        await t.call('GET', '/api/reports/regions/34.02.01.2001', { token: monitor })
      ).json()) as RegionReport;
      return report.learners.find((l) => l.username === 'budi-lessons')!.lessonsCompleted;
    };
    const real = progressItem(budi.id, 'l1', { completed: true, hlc: '1:0:a' });
    const fakes = Array.from({ length: 20 }, (_, i) =>
      progressItem(budi.id, `karangan-${i}`, { completed: true, hlc: '1:0:a' }),
    );
    const res = await t.app.request(
      '/api/sync/push',
      pushInit(budi.token, { deviceId: budi.deviceId, items: [real, ...fakes] }),
    );
    const results = ((await res.json()) as PushResponse).results;
    expect(results.filter((r) => r.reason === 'unknown_lesson')).toHaveLength(20);
    expect(await lessonsOfBudi()).toBe(1);
    // Rows already stored for a lesson or course no published version has (e.g. before the server
    // checked) do not count either.
    await t.store.query(
      `INSERT INTO lesson_progress (learner_id, course_id, lesson_id, completed, hlc)
       VALUES ($1, $2, 'lama-palsu', true, '1'), ($1, 'kursus-palsu', 'l1', true, '1')`,
      [budi.id, COURSE.id],
    );
    expect(await lessonsOfBudi()).toBe(1);
  });

  it('at desa level, learners who never synced keep the desa on the silent list and are listed by name', async () => {
    const desa = '34.02.02.2001';
    const { id: monitorId } = await ensureUser(t.store, {
      username: 'monitor-desa',
      name: 'Monitor',
      role: 'monitor',
      regionCode: desa,
    });
    const monitor = (await createSession(t.store, monitorId, undefined)).token;
    const ids: string[] = [];
    for (const name of ['Ani', 'Dewi', 'Eko', 'Wati']) {
      const { id } = await ensureUser(t.store, { username: name.toLowerCase(), name, role: 'learner', desaCode: desa });
      ids.push(id);
    }
    // Only Ani's phone syncs.
    const aniDevice = randomUUID();
    const ani = (await createSession(t.store, ids[0]!, aniDevice)).token;
    const push = await t.app.request(
      '/api/sync/push',
      pushInit(ani, { deviceId: aniDevice, items: [progressItem(ids[0]!, 'l1', { completed: true, hlc: '1:0:a' })] }),
    );
    expect(push.status).toBe(200);

    const silent = (await (
      await t.call('GET', `/api/reports/regions/${desa}/silent`, { token: monitor })
    ).json()) as SilentVillagesResponse;
    expect(silent.villages).toMatchObject([{ code: desa, learners: 4, silentLearners: 3, neverSynced: 3 }]);
    expect(silent.villages[0]!.lastSyncAt).not.toBeNull();
    expect(silent.learners.map((l) => [l.name, l.lastSyncAt])).toEqual([
      ['Dewi', null],
      ['Eko', null],
      ['Wati', null],
    ]);
    const report = (await (
      await t.call('GET', `/api/reports/regions/${desa}`, { token: monitor })
    ).json()) as RegionReport;
    expect(report.totals).toMatchObject({ learners: 4, neverSynced: 3 });
    expect(report.learners.map((l) => [l.name, l.neverSynced])).toEqual([
      ['Ani', 0],
      ['Dewi', 1],
      ['Eko', 1],
      ['Wati', 1],
    ]);
  });
});
