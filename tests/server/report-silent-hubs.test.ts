import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { SilentVillagesResponse } from '../../src/shared/monitoring/region-report';
import { ago, seedMonitoringFixture, type MonitoringFixture } from './monitoring-fixture';
import { useTestApp } from './test-app';
import { describeEachStore } from './test-stores';

// The monitoring report's line for kecamatan hubs silent for a day (docs/hub.md, "Monitoring").
describeEachStore('silent hubs in the monitoring report', (kind) => {
  const t = useTestApp(kind);
  let fx: MonitoringFixture;
  const hubs: Record<string, string> = {};

  beforeAll(async () => {
    fx = await seedMonitoringFixture(t.store);
    const hub = async (key: string, kecamatan: string, lastSeen: Date | null, revoked = false) => {
      hubs[key] = randomUUID();
      await t.store.query(
        `INSERT INTO hubs (id, kecamatan_code, name, credential_hash, last_seen_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::boolean THEN now() END)`,
        [hubs[key], kecamatan, `Kantor ${key}`, randomUUID(), lastSeen?.toISOString() ?? null, revoked],
      );
    };
    await hub('srandakan', '34.02.01', ago(2));
    await hub('sanden', '34.02.02', null);
    await hub('kretek', '34.02.03', new Date(Date.now() - 3600_000));
    await hub('pundong', '34.02.04', null, true);
    await hub('temon', '34.01.01', ago(5));
  });

  const silentHubs = async (code: string, who: keyof MonitoringFixture['tokens'] = 'monitor') => {
    const res = await t.call('GET', `/api/reports/regions/${code}/silent`, { token: fx.tokens[who] });
    expect(res.status).toBe(200);
    return ((await res.json()) as SilentVillagesResponse).silentHubs!;
  };

  it('a kabupaten monitor sees its live hubs silent for a day or never heard from, never-heard first; not one heard an hour ago, a revoked one, or another kabupaten’s', async () => {
    const listed = await silentHubs('34.02');
    expect(listed.map((h) => h.hubId)).toEqual([hubs.sanden, hubs.srandakan]);
    expect(listed[0]).toMatchObject({ name: 'Kantor sanden', kecamatanCode: '34.02.02', lastSeenAt: null });
    expect(listed[1]!.kecamatan).toMatch(/srandakan/i);
    expect(new Date(listed[1]!.lastSeenAt!).getTime()).toBeLessThan(Date.now() - 86_400_000);
  });

  it('a desa or kecamatan view shows the hub of its own kecamatan; the provinsi view every one of it', async () => {
    expect((await silentHubs('34.02.01', 'operator')).map((h) => h.hubId)).toEqual([hubs.srandakan]);
    expect((await silentHubs('34.02.01.2001', 'operator')).map((h) => h.hubId)).toEqual([hubs.srandakan]);
    expect((await silentHubs('34.02.03')).map((h) => h.hubId)).toEqual([]);
    expect((await silentHubs('34', 'admin')).map((h) => h.hubId)).toEqual([hubs.sanden, hubs.temon, hubs.srandakan]);
  });

  it('a monitor of another region is refused, as for the rest of the report', async () => {
    const res = await t.call('GET', '/api/reports/regions/34.01/silent', { token: fx.tokens.monitor });
    expect(res.status).toBe(403);
  });
});
