import * as v from 'valibot';

/**
 * A UUID as the sync protocol carries it, lower-cased once at the boundary: the server stores,
 * hashes and compares ids in this one canonical form, so a replay whose ids a client upper-cased
 * is still recognised as the same item (`duplicate`, not `conflict`).
 */
export const UuidSchema = v.pipe(v.string(), v.uuid(), v.toLowerCase());
