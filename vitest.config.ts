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
  // The e2e group runs after the rest: its longest files first there too (a tail when run two at a time).
  'tests/e2e/hub-office.test.ts',
  'tests/e2e/hub-sign-in.test.ts',
  'tests/e2e/courses/video-lesson.test.ts',
];

/**
 * E2E files at a time once unit and server are done. Two were 40% faster on six files, but the 21 MB
 * video download ran past its limit beside the five-phone hub office at a load of ~30 (docs/testing.md,
 * round 4): one at a time until that is measured on a quiet machine.
 */
const E2E_FILES_AT_ONCE = Number(process.env.LENTERA_E2E_FILES_AT_ONCE ?? 1);

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
// node), server (both stores), e2e (real Chromium). `npm test` runs all three in one Vitest process:
// unit and server first, then e2e (docs/testing.md); `npm run test:long`
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
          // After every unit and server file (group order 1: a group of its own, started when group 0
          // has finished), E2E_FILES_AT_ONCE files at a time: beside the server files two cores had no
          // room for Chromium (docs/testing.md, round 3).
          maxWorkers: E2E_FILES_AT_ONCE,
          sequence: { groupOrder: 1 },
          // expect.poll's own default is 1 s: a screen that draws in 0.3 s alone took several seconds
          // with three server files beside Chromium on two cores, and failed only in the full run.
          expect: { poll: { timeout: 20_000 } },
          // Chai cuts an actual value to 40 characters: a screen's text then said only where it began,
          // not what it showed instead of the expected words.
          chaiConfig: { truncateThreshold: 0 },
          testTimeout: 180_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
