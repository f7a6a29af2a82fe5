import { expect, inject, it } from 'vitest';
import { runSoak, type SoakOptions } from '../../scripts/soak';

// DESIGN.md reliability test 16, short: the same soak `npm run soak` runs, for a few seconds each —
// in-process on PGlite and PostgreSQL, and against a child server that is SIGKILLed twice.
const postgresUrl = inject('postgresUrl');
const runs: Array<[string, Partial<SoakOptions>]> = [
  ['pglite', {}],
  ...(postgresUrl ? [['postgres', { databaseUrl: postgresUrl }] as [string, Partial<SoakOptions>]] : []),
  ['child server, 2 SIGKILLs', { kills: 2 }],
];

for (const [name, extra] of runs) {
  it(`16. randomised fault soak [${name}] → lost = duplicated = unexpected = 0`, { timeout: 120_000 }, async () => {
    const report = await runSoak({ seconds: 6, devices: 4, maxRequests: 400, seed: Date.now() % 100_000, ...extra });
    expect(report.sent).toBeGreaterThan(50);
    expect(Object.keys(report.faults).length).toBeGreaterThan(2); // faults really were injected
    const figures = {
      lost: report.lost,
      duplicated: report.duplicated,
      unexpected: report.unexpected,
      deadLetter: report.deadLetter,
    };
    expect(figures, `seed ${report.seed}`).toEqual({ lost: 0, duplicated: 0, unexpected: 0, deadLetter: 0 });
    expect(report.stored).toBe(report.sent);
    expect(report.kills).toBe(extra.kills ?? 0);
  });
}
