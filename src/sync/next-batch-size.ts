export const MIN_BATCH = 1;
export const START_BATCH = 25;
export const MAX_BATCH = 500;
/** A batch answered faster than this was not stretching the link: grow. */
const FAST_MS = 2_000;

/**
 * The next batch size, adapted to the link like TCP's window: double after a quick success, keep
 * it after a slow one, halve after a failure. A brief 2G window finishes a small batch; office
 * Wi-Fi quickly reaches large ones.
 * @example nextBatchSize(25, { ok: true, elapsedMs: 300 }) // 50
 */
export function nextBatchSize(current: number, outcome: { ok: boolean; elapsedMs: number }): number {
  if (!outcome.ok) return Math.max(MIN_BATCH, Math.floor(current / 2));
  if (outcome.elapsedMs < FAST_MS) return Math.min(MAX_BATCH, current * 2);
  return current;
}
