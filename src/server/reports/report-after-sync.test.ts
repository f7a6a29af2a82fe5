import { expect, it } from 'vitest';
import {
  attemptWithAnswers,
  learnerWithToken,
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
});
