import { expect, it } from 'vitest';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import { loadRegions } from './load-regions';

describeEachStore('loadRegions', (kind) => {
  const t = useTestApp(kind);

  it('loads every level of idn-area-data once, with parents by code prefix', async () => {
    const first = await loadRegions(t.store);
    expect(first.skipped).toBe(false);
    const { rows } = await t.store.query<{ level: number; n: number }>(
      `SELECT level::int AS level, count(*)::int AS n FROM regions GROUP BY level ORDER BY level`,
    );
    // Counts of idn-area-data 3.1.2: 38 provinsi, 514 kabupaten/kota, 7277 kecamatan, 83763 desa/kelurahan.
    expect(rows).toEqual([
      { level: 1, n: 38 },
      { level: 2, n: 514 },
      { level: 3, n: 7277 },
      { level: 4, n: 83763 },
    ]);
    const desa = await t.store.query(`SELECT code, parent_code, name FROM regions WHERE code = '34.02.01.2001'`);
    expect(desa.rows).toEqual([{ code: '34.02.01.2001', parent_code: '34.02.01', name: 'Poncosari' }]);
    const orphans = await t.store.query(
      `SELECT r.code FROM regions r LEFT JOIN regions p ON p.code = r.parent_code WHERE r.level > 1 AND p.code IS NULL`,
    );
    expect(orphans.rows).toEqual([]);
  });

  it('skips the work on the next start and changes nothing', async () => {
    await t.store.query(`UPDATE regions SET name = 'Diubah tangan' WHERE code = '34.02'`);
    expect(await loadRegions(t.store)).toEqual({ loaded: 0, skipped: true });
    const { rows } = await t.store.query(`SELECT name FROM regions WHERE code = '34.02'`);
    expect(rows).toEqual([{ name: 'Diubah tangan' }]);
  });

  it('upserts when the recorded source differs (a newer package), restoring official names', async () => {
    await t.store.query(`UPDATE meta SET value = 'idn-area-data@0.0.0' WHERE key = 'regions_source'`);
    const again = await loadRegions(t.store);
    expect(again).toEqual({ loaded: 91592, skipped: false });
    const { rows } = await t.store.query(`SELECT name FROM regions WHERE code = '34.02'`);
    expect(rows).toEqual([{ name: 'KABUPATEN BANTUL' }]);
    const count = await t.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM regions`);
    expect(count.rows[0]!.n).toBe(91592);
  });
});
