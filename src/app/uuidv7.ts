// The phone's record ids: UUIDv7 (RFC 9562 §5.7) — the creation millisecond, then random bits —
// so ids sort by creation, as the server and a later xAPI export keep them. Twenty lines instead of
// the uuidv7 package (~1.5 KB gzip on a learner's first visit): the phone needs only this function.

let lastMs = -Infinity;
/** The 12 bits after the version (rand_a), counted on within one millisecond (RFC 9562 method 1). */
let counter = 0;

/**
 * A new UUIDv7, greater than every one made before it in this context, even within one
 * millisecond or after the clock went back (it then counts on from the last millisecond it used).
 * @example uuidv7(); // '019ad5c4-8a2e-7c41-9b0e-5f3c2a1d4e6f'
 */
export function uuidv7(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    // A random start in the lower half leaves at least 2,048 ids per millisecond to count.
    counter = ((bytes[6]! & 0x07) << 8) | bytes[7]!;
  } else if (++counter > 0xfff) {
    lastMs++;
    counter = 0;
  }
  for (let i = 0; i < 6; i++) bytes[i] = Math.floor(lastMs / 2 ** (8 * (5 - i))) % 256;
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
