import { expect, inject, it } from 'vitest';
import { runSoak } from '../../scripts/soak';

// DESIGN.md reliability test 16, short: the same soak `npm run soak` runs, for a few seconds.
for (const databaseUrl of [undefined, inject('postgresUrl') ?? undefined].filter((u, i) => i === 0 || u)) {
  it(`16. randomised fault soak [${databaseUrl ? 'postgres' : 'pglite'}] → lost = duplicated = unexpected = 0`, async () => {
    const report = await runSoak({ seconds: 6, devices: 4, maxRequests: 400, seed: Date.now() % 100_000, databaseUrl });
    expect(report.sent).toBeGreaterThan(50);
    expect(Object.keys(report.faults).length).toBeGreaterThan(2); // faults really were injected
    expect(
      {
        lost: report.lost,
        duplicated: report.duplicated,
        unexpected: report.unexpected,
        deadLetter: report.deadLetter,
      },
      `seed ${report.seed}`,
    ).toEqual({
      lost: 0,
      duplicated: 0,
      unexpected: 0,
      deadLetter: 0,
    });
    expect(report.stored).toBe(report.sent);
  });
}
