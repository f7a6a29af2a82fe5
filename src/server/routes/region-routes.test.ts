import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import type { MyRegionResponse, SearchRegionsResponse } from '../../shared/monitoring/regions';
import { createSession } from '../auth/sessions';
import { ensureUser } from '../auth/users';
import { loadRegions } from '../regions/load-regions';

describeEachStore('region routes', (kind) => {
  const t = useTestApp(kind);
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    await loadRegions(t.store, { under: '34' });
    for (const [username, role, regionCode] of [
      ['monitor', 'monitor', '34.02'],
      ['admin', 'admin', null],
      ['siti', 'learner', null],
      ['lost', 'operator', null],
    ] as const) {
      const { id } = await ensureUser(t.store, { username, name: username, role, regionCode });
      tokens[username] = (await createSession(t.store, id, undefined)).token;
    }
  });

  const search = async (query: string, token = tokens.monitor) => {
    const res = await t.call('GET', `/api/regions?${query}`, { token });
    expect(res.status).toBe(200);
    return ((await res.json()) as SearchRegionsResponse).regions;
  };

  it('finds a region by a name fragment, whatever the case, names that start with it first', async () => {
    const found = await search('q=srandak');
    expect(found[0]).toEqual({ code: '34.02.01', parentCode: '34.02', level: 3, name: 'Srandakan' });
    const bantul = await search('q=BANTUL');
    expect(bantul.map((r) => r.code)).toContain('34.02');
  });

  it('finds regions by code prefix, in code order', async () => {
    const found = await search('q=34.02.01&limit=3');
    expect(found.map((r) => r.code)).toEqual(['34.02.01', '34.02.01.2001', '34.02.01.2002']);
  });

  it('lists the children of a region, and the provinces for an empty parent', async () => {
    const kecamatan = await search('parent=34.02&limit=500');
    expect(kecamatan.length).toBe(17); // Bantul has 17 kecamatan
    expect(kecamatan.every((r) => r.parentCode === '34.02' && r.level === 3)).toBe(true);
    expect(await search('parent=')).toEqual([
      { code: '34', parentCode: null, level: 1, name: 'DAERAH ISTIMEWA YOGYAKARTA' },
    ]);
  });

  it('searches only inside a region when asked', async () => {
    const all = await search('q=sari&limit=500');
    const bantul = await search('q=sari&within=34.02&limit=500');
    expect(bantul.length).toBeGreaterThan(0);
    expect(bantul.length).toBeLessThan(all.length);
    expect(bantul.every((r) => r.code.startsWith('34.02.'))).toBe(true);
    expect(bantul.map((r) => r.name)).toContain('Poncosari');
  });

  it('matches % and _ literally, not as wildcards', async () => {
    expect(await search('q=%25')).toEqual([]);
    expect(await search('q=_')).toEqual([]);
  });

  it('rejects a malformed parent code and requires sign-in', async () => {
    const bad = await t.call('GET', '/api/regions?parent=34.x', { token: tokens.monitor });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    expect((await t.call('GET', '/api/regions?q=bantul')).status).toBe(401);
  });

  it('tells a monitor their region, admin all of Indonesia, and refuses learners and unbound staff', async () => {
    const mine = await t.call('GET', '/api/regions/mine', { token: tokens.monitor });
    expect(((await mine.json()) as MyRegionResponse).region).toMatchObject({ code: '34.02', name: 'KABUPATEN BANTUL' });
    const admin = await t.call('GET', '/api/regions/mine', { token: tokens.admin });
    expect(await admin.json()).toEqual({ region: null });
    expect((await t.call('GET', '/api/regions/mine', { token: tokens.siti })).status).toBe(403);
    const lost = await t.call('GET', '/api/regions/mine', { token: tokens.lost });
    expect(lost.status).toBe(403);
    expect(((await lost.json()) as { error: { code: string } }).error.code).toBe('no_region');
  });

  it('publishes the monitoring operations under their stable operationIds', async () => {
    const doc = (await (await t.call('GET', '/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    for (const id of [
      'searchRegions',
      'getMyRegion',
      'importLearners',
      'createEnrolmentCodes',
      'regionReport',
      'silentVillages',
      'exportReportCsv',
    ]) {
      expect(ids).toContain(id);
    }
  });
});
