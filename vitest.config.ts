import preact from '@preact/preset-vite';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The files that wait longest (measured in docs/testing.md), started first. Vitest orders by the
 * durations it cached from earlier runs, and without a cache (a fresh clone, CI) by file size: a
 * short file that waits two minutes on an emulated 2G link then started among the last and ran on
 * alone while the other workers sat idle, and the e2e project cannot start before it ends.
 */
const STARTED_FIRST = [
  'tests/server/sync-slow-2g.test.ts',
  'tests/server/hub-two-servers.test.ts',
  'src/server/regions/load-regions.test.ts',
  'tests/server/sync-server-kill.test.ts',
  'tests/server/sync-reliability.test.ts',
  'tests/server/sync-soak.test.ts',
  'tests/server/multi-process.test.ts',
  'tests/server/hub-mode.test.ts',
  'tests/server/npm-start.test.ts',
];

class LongestWaitFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const i = STARTED_FIRST.findIndex((path) => spec.moduleId.endsWith(path));
      return i < 0 ? STARTED_FIRST.length : i;
    };
    // Array.prototype.sort is stable: everything else keeps Vitest's own order (projects, cache, size).
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

// Tests are grouped by where they run (Workbox's habit): unit (page code in happy-dom, pure code in
// node), server (both stores), e2e (real Chromium). `npm test` runs all three — e2e in a Vitest
// process of its own beside the other two, since a one-file-at-a-time project would otherwise wait
// for every other file to finish (docs/testing.md); `npm run test:long`
// runs the server files with a size knob (tests/server/harness/test-size.ts) again at full size.
export default defineConfig({
  plugins: [preact()],
  define: { __APP_VERSION__: JSON.stringify('test') },
  test: {
    // Vitest's default on two cores is one worker, so a server file waiting on a simulated 2G link
    // or a child server held the whole run. Most server files wait far more than they compute:
    // three at a time keep both cores busy (measured in docs/testing.md). E2E stays one at a time.
    maxWorkers: 3,
    sequence: { sequencer: LongestWaitFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'sw/**/*.test.ts', 'tests/unit/**/*.test.{ts,tsx}'],
          exclude: ['src/server/**', 'src/cli/**'],
          environment: 'happy-dom',
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['src/server/**/*.test.ts', 'src/cli/**/*.test.ts', 'tests/server/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/server/global-setup.ts'],
          // Three files at a time share two cores: a test that took 40 s alone may take 80 here.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          // Two cores: one Chromium at a time keeps timings honest and the machine responsive.
          fileParallelism: false,
          // expect.poll's own default is 1 s: a screen that draws in 0.3 s alone took several seconds
          // with three server files beside Chromium on two cores, and failed only in the full run.
          expect: { poll: { timeout: 20_000 } },
          testTimeout: 180_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
