import * as v from 'valibot';

// The signed envelope around a manifest. The manifest travels as the exact JSON text that was
// signed, so the phone verifies those bytes with WebCrypto and needs no canonical-JSON library.

const Base64 = v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]+=*$/, 'base64'), v.maxLength(4096));

export const SignedManifestSchema = v.object({
  format: v.literal(1),
  /** The manifest as JSON text; the signature covers its UTF-8 bytes. */
  manifest: v.pipe(v.string(), v.maxLength(2_000_000)),
  /** ECDSA P-256 / SHA-256, raw r‖s (IEEE P1363, what WebCrypto produces), base64. */
  signature: Base64,
  /** The publisher's public key, SPKI DER, base64. */
  publicKey: Base64,
});
export type SignedManifest = v.InferOutput<typeof SignedManifestSchema>;
