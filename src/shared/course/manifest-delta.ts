import * as v from 'valibot';
import { SignedManifestSchema } from './signed-manifest';

// A course update as a manifest delta: edit operations that turn the exact signed manifest text of
// the version a phone has installed into the exact text of the new version, plus the publisher's
// signature over that new text. The phone rebuilds the text and verifies the signature on it, so
// nothing is trusted that the publisher did not sign (docs/course-package.md, "Updates by delta").

const Version = v.pipe(v.string(), v.regex(/^\d+\.\d+\.\d+$/, 'a version like 1.2.0'));
const Base64 = v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]+=*$/, 'base64'), v.maxLength(4096));

/**
 * One edit, applied at a cursor over the old text: a positive integer copies that many characters,
 * a negative one skips that many, a string is inserted. The ops must consume the old text exactly.
 */
const DeltaOpSchema = v.union([
  v.pipe(
    v.number(),
    v.integer(),
    v.check((n) => n !== 0, 'a copy or skip of at least one character'),
  ),
  v.pipe(v.string(), v.minLength(1), v.maxLength(2_000_000)),
]);

/** A small text file of the new version sent with the delta, so an update needs no second request. */
export const InlineFileSchema = v.object({
  hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lowercase hex')),
  /** The file's bytes as UTF-8 text; the phone checks their SHA-256 against the signed manifest. */
  text: v.pipe(v.string(), v.maxLength(1_000_000)),
});
export type InlineFile = v.InferOutput<typeof InlineFileSchema>;

export const ManifestDeltaSchema = v.variant('kind', [
  v.object({
    kind: v.literal('delta'),
    /** The version the ops apply to: the one the phone said it has installed. */
    from: Version,
    to: Version,
    ops: v.pipe(v.array(DeltaOpSchema), v.maxLength(200_000)),
    /** The publisher's signature over the rebuilt text (the key is the installed version's). */
    signature: Base64,
    files: v.pipe(v.array(InlineFileSchema), v.maxLength(1000)),
  }),
  /** The server no longer has `from`, or the delta would not be smaller: the whole envelope. */
  v.object({ kind: v.literal('full'), envelope: SignedManifestSchema }),
]);
export type ManifestDelta = v.InferOutput<typeof ManifestDeltaSchema>;
export type ManifestDeltaOp = number | string;

/** Why ops could not be applied: they do not fit the old text (another base, or tampered). */
export class DeltaMismatch extends Error {}

/**
 * Rebuilds the new text from the old text and the ops, byte for byte. Throws `DeltaMismatch` when
 * the ops run past the old text or leave part of it unconsumed; the caller still verifies the
 * signature over the result, which is what makes it trusted.
 * @example applyManifestDelta('{"v":"1.0.0"}', [6, -5, '1.1.0', 2]) // '{"v":"1.1.0"}'
 */
export function applyManifestDelta(oldText: string, ops: readonly ManifestDeltaOp[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const op of ops) {
    if (typeof op === 'string') {
      parts.push(op);
      continue;
    }
    const n = Math.abs(op);
    if (at + n > oldText.length) throw new DeltaMismatch('the delta runs past the installed manifest');
    if (op > 0) parts.push(oldText.slice(at, at + n));
    at += n;
  }
  if (at !== oldText.length) throw new DeltaMismatch('the delta does not cover the installed manifest');
  return parts.join('');
}
