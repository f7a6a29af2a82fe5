const BASE_MS = 2_000;
const MAX_MS = 10 * 60_000;

/**
 * Delay before retry number `tries` (1 = first retry): exponential with full jitter, so fifty
 * phones that lost the signal together do not all come back in the same second.
 * @example backoffDelay(3, Math.random()) // somewhere in 0..16 s
 */
export function backoffDelay(tries: number, random: number, retryAfterMs = 0): number {
  const ceiling = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, tries - 1));
  return Math.max(retryAfterMs, Math.round(ceiling * random));
}
