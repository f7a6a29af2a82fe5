/**
 * How big the scenario runs are. `npm test` runs every scenario at a size a developer waits for
 * before a commit; `npm run test:long` (`LENTERA_TEST_LONG=1`) runs the same tests, with the same
 * assertions, at full size. This is the only place that reads the variable, so one switch sizes
 * every knob and no test can quietly depend on which run it is in. A file that uses `testSize` is
 * listed in the `test:long` script of package.json.
 */
export const LONG_RUN = process.env.LENTERA_TEST_LONG === '1';

/**
 * The fast value in `npm test`, the full one in `npm run test:long`.
 * @example const ATTEMPTS = testSize({ fast: 1_000, long: 10_000 });
 */
export function testSize<T>(sizes: { fast: T; long: T }): T {
  return LONG_RUN ? sizes.long : sizes.fast;
}
