import { expect, inject, it } from 'vitest';
import { runSoak, type SoakOptions } from '../../scripts/soak';
import { testSize } from './harness/test-size';

// Reliability scenario 16 (docs/reliability.md): the same soak `npm run soak` runs — in-process on PGlite and
// PostgreSQL, and against a child server that is SIGKILLed. `npm test` runs a few seconds each,
// `npm run test:long` a minute each with twice the phones and more kills.
const SIZE = testSize({
  fast: { seconds: 6, devices: 4, maxRequests: 400, kills: 2 },
  long: { seconds: 60, devices: 8, maxRequests: 4000, kills: 5 },
});
const postgresUrl = inject('postgresUrl');
const runs: Array<[string, Partial<SoakOptions>]> = [
  ['pglite', {}],
  ...(postgresUrl ? [['postgres', { databaseUrl: postgresUrl }] as [string, Partial<SoakOptions>]] : []),
  [`child server, ${SIZE.kills} SIGKILLs`, { kills: SIZE.kills }],
];

for (const [name, extra] of runs) {
  it(
    `16. randomised fault soak [${name}] → lost = duplicated = unexpected = 0`,
    { timeout: 120_000 + SIZE.seconds * 2000 },
    async () => {
      const { seconds, devices, maxRequests } = SIZE;
      // At least three rounds (about 240 items from 4 phones), however slow the machine: a run cut to one
      // round by load sent 46 items in a full `npm test`.
      const report = await runSoak({
        seconds,
        devices,
        maxRequests,
        minRounds: 3,
        seed: Date.now() % 100_000,
        ...extra,
      });
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
    },
  );
}
