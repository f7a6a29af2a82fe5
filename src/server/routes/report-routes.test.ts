import { beforeAll, describe, expect, it } from 'vitest';
import { seedMonitoringFixture, type MonitoringFixture } from '../../../tests/server/monitoring-fixture';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import type { RegionReport, ReportFigures, SilentVillagesResponse } from '../../shared/monitoring/region-report';

describeEachStore('report routes', (kind) => {
  const t = useTestApp(kind);
  let fx: MonitoringFixture;
  beforeAll(async () => {
    fx = await seedMonitoringFixture(t.store);
  });

  const get = async <T>(path: string, who: keyof MonitoringFixture['tokens'] = 'monitor') => {
    const res = await t.call('GET', path, { token: fx.tokens[who] });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  // Certificates per region are counted in src/server/certificates/certificates.test.ts.
  const figuresOf = (f: ReportFigures): Omit<ReportFigures, 'certificates'> => ({
    learners: f.learners,
    active30d: f.active30d,
    lessonsCompleted: f.lessonsCompleted,
    coursesStarted: f.coursesStarted,
    coursesCompleted: f.coursesCompleted,
    completionPct: f.completionPct,
    pretestAvg: f.pretestAvg,
    posttestAvg: f.posttestAvg,
    gain: f.gain,
    lastSyncAt: f.lastSyncAt,
    neverSynced: f.neverSynced,
  });

  describe('regionReport', () => {
    it('computes the kabupaten totals by hand: a, b, c, d count; e (other kabupaten) and f (disabled) do not', async () => {
      const report = await get<RegionReport>('/api/reports/regions/34.02');
      expect(report.region).toMatchObject({ code: '34.02', name: 'KABUPATEN BANTUL', level: 2 });
      expect(report.ancestors.map((r) => r.code)).toEqual(['34']);
      expect(figuresOf(report.totals)).toEqual({
        learners: 4, // a b c d
        active30d: 2, // a (2 days ago), d (5 days ago); b's last activity is 40 days old
        lessonsCompleted: 5, // a 2, b 1, d 2 (l1 and the old version's lesson)
        coursesStarted: 3, // a b d in c1
        coursesCompleted: 1, // only a has l1 and l2 of version 2.0.0
        completionPct: 33.3, // 1 / 3
        pretestAvg: 56.7, // first pre-tests: a 40, b 50, d 80 → 170 / 3
        posttestAvg: 80, // best post-tests: a 90, d 70 (the ungraded one and practice 100 ignored)
        gain: 20, // a 90−40 = 50, d 70−80 = −10 → 40 / 2
        lastSyncAt: fx.syncedAt.a.toISOString(),
        neverSynced: 1, // c
      });
    });

    it('splits the figures per kecamatan, listing every kecamatan of the kabupaten', async () => {
      const report = await get<RegionReport>('/api/reports/regions/34.02');
      expect(report.children).toHaveLength(17);
      const srandakan = report.children.find((c) => c.code === '34.02.01')!;
      expect(figuresOf(srandakan)).toEqual({
        learners: 3,
        active30d: 1,
        lessonsCompleted: 3,
        coursesStarted: 2,
        coursesCompleted: 1,
        completionPct: 50,
        pretestAvg: 45,
        posttestAvg: 90,
        gain: 50,
        lastSyncAt: fx.syncedAt.a.toISOString(),
        neverSynced: 1, // c
      });
      const sanden = report.children.find((c) => c.code === '34.02.02')!;
      expect(figuresOf(sanden)).toEqual({
        learners: 1,
        active30d: 1,
        lessonsCompleted: 2,
        coursesStarted: 1,
        coursesCompleted: 0,
        completionPct: 0,
        pretestAvg: 80,
        posttestAvg: 70,
        gain: -10,
        lastSyncAt: fx.syncedAt.d.toISOString(),
        neverSynced: 0,
      });
      const empty = report.children.find((c) => c.code === '34.02.03')!;
      expect(empty).toMatchObject({ learners: 0, completionPct: null, pretestAvg: null, lastSyncAt: null });
    });

    it('drills down to a desa and lists its learners one by one', async () => {
      const report = await get<RegionReport>('/api/reports/regions/34.02.01.2001');
      expect(report.ancestors.map((r) => r.code)).toEqual(['34', '34.02', '34.02.01']);
      expect(report.children).toEqual([]);
      expect(report.learners.map((l) => l.username)).toEqual(['a', 'b']);
      expect(figuresOf(report.learners[0]!)).toEqual({
        learners: 1,
        active30d: 1,
        lessonsCompleted: 2,
        coursesStarted: 1,
        coursesCompleted: 1,
        completionPct: 100,
        pretestAvg: 40,
        posttestAvg: 90,
        gain: 50,
        lastSyncAt: fx.syncedAt.a.toISOString(),
        neverSynced: 0,
      });
      expect(report.learners[1]).toMatchObject({ active30d: 0, pretestAvg: 50, posttestAvg: null, gain: null });
      expect(report.totals).toMatchObject({ learners: 2, active30d: 1, lessonsCompleted: 3, completionPct: 50 });
    });

    it('lets admin read the other kabupaten, where only e counts', async () => {
      const report = await get<RegionReport>('/api/reports/regions/34.03', 'admin');
      expect(report.totals).toMatchObject({ learners: 1, active30d: 1, lessonsCompleted: 1, pretestAvg: 10 });
    });
  });

  describe('silentVillages', () => {
    it('lists desa with a learner who has not synced for 14 days (default) or never, never-synced first', async () => {
      const body = await get<SilentVillagesResponse>('/api/reports/regions/34.02/silent');
      expect(body.days).toBe(14);
      expect(body.truncated).toBe(false);
      expect(body.villages).toEqual([
        {
          code: '34.02.01.2002',
          name: 'Trimurti',
          kecamatan: 'Srandakan',
          learners: 1,
          silentLearners: 1,
          neverSynced: 1,
          lastSyncAt: null,
          daysSilent: null,
        },
        {
          code: '34.02.02.2001',
          name: expect.any(String) as string,
          kecamatan: 'Sanden',
          learners: 1,
          silentLearners: 1,
          neverSynced: 0,
          lastSyncAt: fx.syncedAt.d.toISOString(),
          daysSilent: 15,
        },
        {
          // a synced yesterday, but b has been silent for 20 days: the desa is not "synced".
          code: '34.02.01.2001',
          name: expect.any(String) as string,
          kecamatan: 'Srandakan',
          learners: 2,
          silentLearners: 1,
          neverSynced: 0,
          lastSyncAt: fx.syncedAt.a.toISOString(),
          daysSilent: 1,
        },
      ]);
      expect(body.learners).toEqual([]); // one by one only for a desa
    });

    it('takes the threshold in days: 21 leaves only the never-synced desa, 0 lists every desa with learners', async () => {
      const d21 = await get<SilentVillagesResponse>('/api/reports/regions/34.02/silent?days=21');
      expect(d21.villages.map((v) => v.code)).toEqual(['34.02.01.2002']);
      const d16 = await get<SilentVillagesResponse>('/api/reports/regions/34.02/silent?days=16');
      expect(d16.villages.map((v) => [v.code, v.silentLearners])).toEqual([
        ['34.02.01.2002', 1],
        ['34.02.01.2001', 1], // b (20 days)
      ]);
      const d0 = await get<SilentVillagesResponse>('/api/reports/regions/34.02/silent?days=0');
      expect(d0.villages.map((v) => v.code)).toEqual(['34.02.01.2002', '34.02.02.2001', '34.02.01.2001']);
      expect(d0.villages[2]).toMatchObject({ learners: 2, silentLearners: 2, daysSilent: 1 }); // the desa's last is a's
    });

    it('for a desa, lists its silent learners one by one, never-synced first', async () => {
      const desa = await get<SilentVillagesResponse>('/api/reports/regions/34.02.01.2001/silent');
      expect(desa.villages).toMatchObject([{ code: '34.02.01.2001', learners: 2, silentLearners: 1 }]);
      expect(desa.learners).toEqual([
        {
          id: fx.learnerIds.b,
          username: 'b',
          name: 'B',
          lastSyncAt: fx.syncedAt.b.toISOString(),
          daysSilent: 20,
        },
      ]);
      const never = await get<SilentVillagesResponse>('/api/reports/regions/34.02.01.2002/silent');
      expect(never.learners).toEqual([
        { id: fx.learnerIds.c, username: 'c', name: 'C', lastSyncAt: null, daysSilent: null },
      ]);
      const all = await get<SilentVillagesResponse>('/api/reports/regions/34.02.01.2001/silent?days=0');
      expect(all.learners.map((l) => l.username)).toEqual(['b', 'a']); // longest silence first
    });

    it('rejects a threshold that is not a whole number of days', async () => {
      const res = await t.call('GET', '/api/reports/regions/34.02/silent?days=-3', { token: fx.tokens.monitor });
      expect(res.status).toBe(400);
    });
  });

  describe('exportReportCsv', () => {
    it('answers UTF-8 CSV with a BOM, CRLF, semicolons and decimal commas by default', async () => {
      const res = await t.call('GET', '/api/reports/regions/34.02', { token: fx.tokens.monitor });
      expect(res.status).toBe(200);
      const csv = await t.call('GET', '/api/reports/regions/34.02/csv', { token: fx.tokens.monitor });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toMatch(
        /^attachment; filename="laporan-34\.02-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const bytes = new Uint8Array(await csv.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes.slice(3));
      const lines = text.split('\r\n');
      expect(lines.at(-1)).toBe('');
      expect(lines.slice(0, -1).every((l) => !l.includes('\n'))).toBe(true);
      expect(lines[0]).toMatch(/^"Kode";"Nama";"Tingkat";"Peserta terdaftar";"Aktif 30 hari"/);
      expect(lines[1]).toBe(
        `"34.02";"KABUPATEN BANTUL";"Kabupaten/Kota";"4";"2";"5";"3";"1";"33,3";"56,7";"80";"20";"${fx.syncedAt.a.toISOString().slice(0, 16).replace('T', ' ')}";"0"`, // no certificates in the fixture
      );
      expect(lines).toHaveLength(1 + 1 + 17 + 1); // header, kabupaten, 17 kecamatan, final CRLF
    });

    it('uses commas and decimal points on request', async () => {
      const csv = await t.call('GET', '/api/reports/regions/34.02/csv?delimiter=comma', {
        token: fx.tokens.monitor,
      });
      const text = await csv.text();
      expect(text.split('\r\n')[1]).toMatch(
        /^"34\.02","KABUPATEN BANTUL","Kabupaten\/Kota","4","2","5","3","1","33\.3","56\.7",/,
      );
    });

    it('escapes a learner name that Excel would run as a formula', async () => {
      await t.store.query(`UPDATE users SET name = '=HYPERLINK("http://x")' WHERE username = 'b'`);
      const csv = await t.call('GET', '/api/reports/regions/34.02.01.2001/csv', { token: fx.tokens.monitor });
      const text = await csv.text();
      expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
      await t.store.query(`UPDATE users SET name = 'B' WHERE username = 'b'`);
    });
  });

  describe('scoping of every report endpoint', () => {
    const endpoints = [
      '/api/reports/regions/CODE',
      '/api/reports/regions/CODE/silent',
      '/api/reports/regions/CODE/csv',
    ];
    const status = async (path: string, code: string, who?: keyof MonitoringFixture['tokens']) => {
      const res = await t.call('GET', path.replace('CODE', code), who ? { token: fx.tokens[who] } : {});
      return {
        status: res.status,
        code: res.status === 200 ? 'ok' : ((await res.json()) as { error: { code: string } }).error.code,
      };
    };

    for (const path of endpoints) {
      it(`${path}: own region and below yes, anything else no`, async () => {
        expect(await status(path, '34.02', 'monitor')).toEqual({ status: 200, code: 'ok' });
        expect(await status(path, '34.02.02.2001', 'monitor')).toEqual({ status: 200, code: 'ok' });
        expect(await status(path, '34.03', 'monitor')).toEqual({ status: 403, code: 'outside_region' });
        expect(await status(path, '34', 'monitor')).toEqual({ status: 403, code: 'outside_region' });
        expect(await status(path, '34.02.01', 'operator')).toEqual({ status: 200, code: 'ok' });
        expect(await status(path, '34.02', 'operator')).toEqual({ status: 403, code: 'outside_region' });
        expect(await status(path, '34.02.02', 'operator')).toEqual({ status: 403, code: 'outside_region' });
        expect(await status(path, '35', 'admin')).toEqual({ status: 404, code: 'unknown_region' }); // not loaded in this fixture
        expect(await status(path, '34.03', 'admin')).toEqual({ status: 200, code: 'ok' });
        expect(await status(path, '34.99', 'monitor')).toEqual({ status: 404, code: 'unknown_region' });
        expect(await status(path, '34.02.xx', 'monitor')).toEqual({ status: 400, code: 'invalid_request' });
        expect(await status(path, '34.02', 'learner')).toEqual({ status: 403, code: 'forbidden' });
        expect(await status(path, '34.02', 'author')).toEqual({ status: 403, code: 'forbidden' });
        expect(await status(path, '34.02', 'unbound')).toEqual({ status: 403, code: 'no_region' });
        expect(await status(path, '34.02')).toEqual({ status: 401, code: 'unauthenticated' });
      });
    }
  });
});
