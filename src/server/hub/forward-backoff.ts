const BASE_MS = 2_000;
const MAX_MS = 5 * 60_000;

/**
 * Delay before the forwarder's retry number `tries` while the uplink fails: exponential with full
 * jitter, the phone's formula (src/sync/backoff-delay.ts, outside the server's build), capped at five
 * minutes so an office uplink that returns is used within minutes.
 * @example forwardBackoff(3, Math.random()) // somewhere in 0..8 s
 */
export function forwardBackoff(tries: number, random: number): number {
  return Math.round(Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, tries - 1)) * random);
}
