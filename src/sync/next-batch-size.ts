import { MAX_HUB_PUSH_ITEMS, MAX_PUSH_ITEMS } from '../shared/sync/protocol';

export const MIN_BATCH = 1;
/**
 * The first batch on a phone that has not measured its link yet. 100 post-test items are ~3 KB
 * gzip: under a second on slow 2G (50 kbit/s), and on office Wi-Fi the doubling reaches the cap in
 * five batches (it started at 25, which cost two more round trips for nothing).
 */
export const START_BATCH = 100;
export const MAX_BATCH = MAX_PUSH_ITEMS;
/** At a kecamatan hub (it forwards each push as one bundle). */
export const MAX_HUB_BATCH = MAX_HUB_PUSH_ITEMS;
/**
 * How long one batch may take. Short enough that a brief 2G window still completes a batch (and a
 * failure costs little), long enough that a 2-second round trip is not paid for every few items.
 */
const TARGET_MS = 8_000;

/**
 * The next batch size, adapted to the link like a congestion window: double while a batch takes
 * under half the target time, keep it up to the target, shrink above it, halve after a failure.
 * On office Wi-Fi it reaches the cap (2,000) in a few batches; on slow 2G it settles where a batch takes ~8 s.
 * @example nextBatchSize(25, { ok: true, elapsedMs: 300 }) // 50
 */
export function nextBatchSize(current: number, outcome: { ok: boolean; elapsedMs: number }): number {
  if (!outcome.ok) return Math.max(MIN_BATCH, Math.floor(current / 2));
  if (outcome.elapsedMs < TARGET_MS / 2) return Math.min(MAX_BATCH, current * 2);
  if (outcome.elapsedMs > TARGET_MS) return Math.max(MIN_BATCH, Math.floor((current * 3) / 4));
  return current;
}
