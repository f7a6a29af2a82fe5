import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ago, seedMonitoringFixture, type MonitoringFixture } from '../../../tests/server/monitoring-fixture';
import { errorCode } from '../../../tests/server/staff-fixture';
import { useTestApp } from '../../../tests/server/test-app';
import { describeEachStore } from '../../../tests/server/test-stores';
import type { CreateUserResponse, EnrolmentCode } from '../../shared/enrolment-protocol';
import type { RegionLearnersResponse, SyncedDevicesResponse } from '../../shared/monitoring/learner-list';
import type { RegionChartsResponse } from '../../shared/monitoring/region-charts';

// Expected figures are worked out by hand from tests/server/monitoring-fixture.ts.
describeEachStore('listRegionLearners, listSyncedDevices and regionCharts', (kind) => {
  const t = useTestApp(kind);
  let f: MonitoringFixture;
  beforeAll(async () => {
    f = await seedMonitoringFixture(t.store);
    // Certificates: a (Srandakan) has one, d's was revoked, e's is in another kabupaten.
    for (const [learner, revoked] of [
      [f.learnerIds.a, false],
      [f.learnerIds.d, true],
      [f.learnerIds.e, false],
    ] as const) {
      await t.store.query(
        `INSERT INTO certificates (id, learner_id, course_id, course_version, attempt_id, score, kid, code, revoked_at)
         VALUES ($1, $2, 'c1', '2.0.0', $3, 90, 'k1', 'code', $4)`,
        [randomUUID(), learner, randomUUID(), revoked ? new Date() : null],
      );
    }
  });
  const get = async <T>(path: string, token: string): Promise<T> => {
    const res = await t.call('GET', path, { token });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  describe('listRegionLearners', () => {
    it('lists the kecamatan’s enrolled learners by desa with devices and their own figures; disabled and other regions left out', async () => {
      const { learners, truncated } = await get<RegionLearnersResponse>(
        '/api/reports/regions/34.02.01/learners',
        f.tokens.operator,
      );
      expect(truncated).toBe(false);
      expect(learners.map((l) => [l.username, l.desaCode, l.devices])).toEqual([
        ['a', '34.02.01.2001', 2],
        ['b', '34.02.01.2001', 1],
        ['c', '34.02.01.2002', 0],
      ]);
      expect(learners[0]!.desaName).toEqual(expect.any(String));
      // a: first pre-test 40, best post-test 90, c1 complete, last sync a day ago.
      expect(learners[0]!.figures).toMatchObject({ pretestAvg: 40, posttestAvg: 90, gain: 50, coursesCompleted: 1 });
      expect(Date.parse(learners[0]!.figures.lastSyncAt!)).toBeCloseTo(f.syncedAt.a.getTime(), -3);
      expect(learners[2]!.figures).toMatchObject({ lastSyncAt: null, coursesStarted: 0 });
      expect(learners.every((l) => l.activatedAt === null)).toBe(true);
    });

    it('shows a learner as activated once a phone has redeemed their enrolment code', async () => {
      const { account } = (await (
        await t.call('POST', '/api/users', {
          token: f.tokens.operator,
          json: { username: 'baru', name: 'Peserta Baru', desaCode: '34.02.01.2002' },
        })
      ).json()) as CreateUserResponse;
      const state = async () =>
        (
          await get<RegionLearnersResponse>('/api/reports/regions/34.02.01.2002/learners', f.tokens.operator)
        ).learners.find((l) => l.id === account.id)!;
      expect(await state()).toMatchObject({ activatedAt: null, devices: 0 });
      const code = (await (
        await t.call('POST', `/api/users/${account.id}/enrolment-code`, { token: f.tokens.operator })
      ).json()) as EnrolmentCode;
      const enrolled = await t.call('POST', '/api/auth/enrol', { json: { code: code.code, deviceId: randomUUID() } });
      expect(enrolled.status).toBe(200);
      expect((await state()).activatedAt).not.toBeNull();
    });

    it('scope: an operator outside their kecamatan 403 outside_region; a monitor reads their kabupaten; learners and authors 403', async () => {
      const outside = await t.call('GET', '/api/reports/regions/34.02.02/learners', { token: f.tokens.operator });
      expect([outside.status, await errorCode(outside)]).toEqual([403, 'outside_region']);
      const kabupaten = await get<RegionLearnersResponse>('/api/reports/regions/34.02/learners', f.tokens.monitor);
      expect(kabupaten.learners.map((l) => l.username)).toContain('d');
      expect(kabupaten.learners.map((l) => l.username)).not.toContain('e');
      for (const token of [f.tokens.learner, f.tokens.author]) {
        const res = await t.call('GET', '/api/reports/regions/34.02/learners', { token });
        expect([res.status, await errorCode(res)]).toEqual([403, 'forbidden']);
      }
      const unbound = await t.call('GET', '/api/reports/regions/34.02/learners', { token: f.tokens.unbound });
      expect([unbound.status, await errorCode(unbound)]).toEqual([403, 'no_region']);
      const unknown = await t.call('GET', '/api/reports/regions/34.02.99/learners', { token: f.tokens.admin });
      expect([unknown.status, await errorCode(unknown)]).toEqual([404, 'unknown_region']);
    });
  });

  describe('listSyncedDevices (hari sinkron)', () => {
    it('lists the phones whose last sync was received since the given time, newest first, inside the region only', async () => {
      const since = ago(2).toISOString();
      const today = await get<SyncedDevicesResponse>(
        `/api/reports/regions/34.02/synced?since=${encodeURIComponent(since)}`,
        f.tokens.monitor,
      );
      expect(today.since).toBe(since);
      expect(today.devices.map((d) => d.username)).toEqual(['a']); // e (Gunungkidul) and f (disabled) synced too
      const fortnight = await get<SyncedDevicesResponse>(
        `/api/reports/regions/34.02/synced?since=${encodeURIComponent(ago(16).toISOString())}`,
        f.tokens.monitor,
      );
      expect(fortnight.devices.map((d) => d.username)).toEqual(['a', 'a', 'd']);
      expect(fortnight.devices[0]).toMatchObject({
        learnerId: f.learnerIds.a,
        desaCode: '34.02.01.2001',
        appVersion: null,
      });
    });

    it('defaults to the last 24 hours; a `since` that is not a time is 400 invalid_request; outside the kecamatan 403', async () => {
      // c's phone syncs now; a's last sync was a day and some milliseconds ago.
      await t.store.query(`INSERT INTO devices (id, user_id, last_sync_at) VALUES ($1, $2, now())`, [
        randomUUID(),
        f.learnerIds.c,
      ]);
      const day = await get<SyncedDevicesResponse>('/api/reports/regions/34.02.01/synced', f.tokens.operator);
      expect(day.devices.map((d) => d.username)).toEqual(['c']);
      for (const since of [
        'kemarin',
        '2026-13-45',
        'x'.repeat(41),
        '0000-01-01T00:00:00Z',
        '-100000-01-01T00:00:00Z',
        '+275760-09-13T00:00:00Z',
      ]) {
        const res = await t.call('GET', `/api/reports/regions/34.02.01/synced?since=${encodeURIComponent(since)}`, {
          token: f.tokens.operator,
        });
        expect([since, res.status, await errorCode(res)]).toEqual([since, 400, 'invalid_request']);
      }
      const outside = await t.call('GET', '/api/reports/regions/34.03/synced', { token: f.tokens.operator });
      expect([outside.status, await errorCode(outside)]).toEqual([403, 'outside_region']);
    });
  });

  describe('regionCharts', () => {
    it('pairs pre- and post-tests per kecamatan: b’s pre-test without a post-test is left out', async () => {
      const charts = await get<RegionChartsResponse>('/api/reports/regions/34.02/charts', f.tokens.monitor);
      expect(charts.scores).toHaveLength(17); // every kecamatan of Bantul, also those with no pair
      const byCode = new Map(charts.scores.map((s) => [s.key, s]));
      // Srandakan: a's first pre 40 and best post 90; b (pre 50 only) does not count, unlike the report's 45.
      expect(byCode.get('34.02.01')).toMatchObject({ pairs: 1, pretestAvg: 40, posttestAvg: 90 });
      expect(byCode.get('34.02.02')).toMatchObject({ pairs: 1, pretestAvg: 80, posttestAvg: 70 });
      expect(byCode.get('34.02.03')).toMatchObject({ pairs: 0, pretestAvg: null, posttestAvg: null });
      expect(charts.scoresTotal).toMatchObject({
        pairs: 2,
        pretestAvg: 60,
        posttestAvg: 80,
        label: 'KABUPATEN BANTUL',
      });
    });

    it('counts active learners per week by server receive time: a, b and d once each, 12 Mondays ending this week', async () => {
      const { weeklyActive } = await get<RegionChartsResponse>('/api/reports/regions/34.02/charts', f.tokens.monitor);
      expect(weeklyActive).toHaveLength(12);
      expect(weeklyActive.every((w) => new Date(`${w.weekStart}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
      const last = new Date(`${weeklyActive[11]!.weekStart}T00:00:00Z`).getTime();
      expect(Date.now() - last).toBeLessThan(7 * 24 * 3600 * 1000);
      // a (received 2 days ago), d (5 days ago), b (40 days ago): distinct learners per week sum to 3.
      expect(weeklyActive.reduce((n, w) => n + w.learners, 0)).toBe(3);
    });

    it('per course: started, completed and certificates not revoked, for learners of the region only', async () => {
      const { courses } = await get<RegionChartsResponse>('/api/reports/regions/34.02/charts', f.tokens.monitor);
      expect(courses).toEqual([{ courseId: 'c1', title: 'Keuangan Desa', started: 3, completed: 1, certificates: 1 }]);
      const gunungkidul = await get<RegionChartsResponse>('/api/reports/regions/34.03/charts', f.tokens.admin);
      expect(gunungkidul.courses).toEqual([
        { courseId: 'c1', title: 'Keuangan Desa', started: 1, completed: 0, certificates: 1 },
      ]);
    });

    it('inside a desa, pairs per learner by name', async () => {
      const charts = await get<RegionChartsResponse>('/api/reports/regions/34.02.01.2001/charts', f.tokens.operator);
      expect(charts.scores.map((s) => [s.label, s.pairs])).toEqual([
        ['A', 1],
        ['B', 0],
      ]);
    });

    it('scope: a monitor of Bantul may not read Gunungkidul (403 outside_region); a learner 403 forbidden', async () => {
      const res = await t.call('GET', '/api/reports/regions/34.03/charts', { token: f.tokens.monitor });
      expect([res.status, await errorCode(res)]).toEqual([403, 'outside_region']);
      const learner = await t.call('GET', '/api/reports/regions/34.02/charts', { token: f.tokens.learner });
      expect([learner.status, await errorCode(learner)]).toEqual([403, 'forbidden']);
    });
  });
});
