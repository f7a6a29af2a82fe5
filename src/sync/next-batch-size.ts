import { MAX_HUB_PUSH_ITEMS, MAX_PUSH_ITEMS } from '../shared/sync/protocol';

export const MIN_BATCH = 1;
/**
 * The first batch on a phone that has not measured its link yet, by what an item costs on the wire.
 * A plain post-test item is ~23 B gzip and a packed one ~6 B (docs/sync-protocol.md, "Packed
 * items"), so both starts are ~3 KB / ~12 KB: a few seconds on slow 2G (50 kbit/s, 2 s round trip),
 * under half the 8 s target, and on office Wi-Fi a day of 1,000 post-tests (13,000 items) packed is
 * 2,000 + 4,000 + 7,000: three pushes.
 */
export const START_BATCH = 100;
export const START_PACKED_BATCH = 2000;
/**
 * Most items a plain push carries: ~45 KB gzip of post-test items. A packed push may carry the
 * server's whole cap, about the same bytes; the server's time per batch is bounded by that cap.
 */
export const MAX_BATCH = 2000;
export const MAX_PACKED_BATCH = MAX_PUSH_ITEMS;
/** At a kecamatan hub (it forwards each push as one bundle; phones send it plain items). */
export const MAX_HUB_BATCH = MAX_HUB_PUSH_ITEMS;
/**
 * How long one batch may take. Short enough that a brief 2G window still completes a batch (and a
 * failure costs little), long enough that a 2-second round trip is not paid for every few items.
 */
const TARGET_MS = 8_000;

/**
 * The next batch size, adapted to the link like a congestion window: double while a batch takes
 * under half the target time, keep it up to the target, shrink above it, halve after a failure.
 * On office Wi-Fi it reaches the cap in a few batches; on slow 2G it settles where a batch takes ~8 s.
 * @example nextBatchSize(25, { ok: true, elapsedMs: 300 }) // 50
 */
export function nextBatchSize(
  current: number,
  outcome: { ok: boolean; elapsedMs: number },
  max: number = MAX_PACKED_BATCH,
): number {
  if (!outcome.ok) return Math.max(MIN_BATCH, Math.floor(current / 2));
  if (outcome.elapsedMs < TARGET_MS / 2) return Math.min(max, current * 2);
  if (outcome.elapsedMs > TARGET_MS) return Math.max(MIN_BATCH, Math.floor((current * 3) / 4));
  return current;
}
