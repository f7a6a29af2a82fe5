import { beforeAll, expect, it } from 'vitest';
import { seedMonitoringFixture, type MonitoringFixture } from './monitoring-fixture';
import { useTestApp } from './test-app';
import { describeEachStore } from './test-stores';

describeEachStore('report CSV: formula escaping touches text cells only', (kind) => {
  const t = useTestApp(kind);
  let fx: MonitoringFixture;
  beforeAll(async () => {
    fx = await seedMonitoringFixture(t.store);
  });
  const rowsOf = async (path: string) => {
    const res = await t.call('GET', path, { token: fx.tokens.monitor });
    expect(res.status).toBe(200);
    return (await res.text()).split('\r\n').map((line) => line.split(/[;,](?=")/));
  };

  it('a negative gain stays a number (-10, not text), in both delimiters', async () => {
    // Desa 34.02.02.2001 has learner d alone: pre-test 80, post-test 70, gain −10.
    for (const delimiter of ['semicolon', 'comma']) {
      const rows = await rowsOf(`/api/reports/regions/34.02.02.2001/csv?delimiter=${delimiter}`);
      const gain = rows[0]!.indexOf('"Peningkatan"');
      const learner = rows.find((r) => r[0] === '"d"')!;
      expect(learner[gain]).toBe('"-10"');
      expect(rows[1]![gain]).toBe('"-10"');
    }
  });

  it('text that Excel would run as a formula is still escaped, whatever it starts with', async () => {
    await t.store.query(`UPDATE users SET name = '-10+SUM(A1)' WHERE username = 'd'`);
    await t.store.query(`UPDATE users SET name = '@SUM(A1)' WHERE username = 'a'`);
    const desa = await rowsOf('/api/reports/regions/34.02.02.2001/csv');
    expect(desa.find((r) => r[0] === '"d"')![1]).toBe(`"'-10+SUM(A1)"`);
    const other = await rowsOf('/api/reports/regions/34.02.01.2001/csv');
    expect(other.find((r) => r[0] === '"a"')![1]).toBe(`"'@SUM(A1)"`);
  });
});
