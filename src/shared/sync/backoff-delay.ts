const BASE_MS = 2_000;
const MAX_MS = 10 * 60_000;

/**
 * Delay before retry number `tries` (1 = first retry): exponential with full jitter, so fifty
 * phones that lost the signal together do not all come back in the same second. Used by the phone
 * (cap ten minutes) and by a hub's forwarder (a shorter cap, so a returning uplink is used soon).
 * @example backoffDelay(3, Math.random()) // somewhere in 0..8 s
 */
export function backoffDelay(tries: number, random: number, retryAfterMs = 0, maxMs = MAX_MS): number {
  const ceiling = Math.min(maxMs, BASE_MS * 2 ** Math.max(0, tries - 1));
  return Math.max(retryAfterMs, Math.round(ceiling * random));
}
