import * as v from 'valibot';
import { fromBase64, toBase64 } from '../course/bytes';
import type { WebCryptoKey } from '../course/web-crypto-types';
import { UuidSchema as Uuid } from './uuid';

// Signed result bundles (docs/result-files.md): one learner's items from one device, signed ONCE by
// that device's ECDSA P-256 key. What is signed is the bundle's exact JSON text as UTF-8 bytes — the
// body of a signed push, or the `bundle` string inside a result file — so the server verifies the
// bytes it received and never has to re-serialise anything to check them. Whoever carries the text
// and its signature (the phone, a file on WhatsApp, later a kecamatan hub) cannot change either
// without the national server noticing.

/** The `format` of a bundle body. */
export const BUNDLE_FORMAT = 'lentera-bundle/1';
/** The `format` of a result file ("Kirim lewat file"). */
export const RESULT_FILE_FORMAT = 'lentera-hasil/1';
/** Request header of a signed push: the bundle's signature, standard base64 of the 64-byte r‖s. */
export const BUNDLE_SIGNATURE_HEADER = 'lentera-bundle-signature';
/** File name extension of a result file (gzip of the result file JSON). */
export const RESULT_FILE_EXTENSION = '.lentera';

const ECDSA_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA_SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** Standard base64 of a 64-byte P-256 signature (IEEE P1363 r‖s, as WebCrypto makes it): 88 characters. */
export const SignatureSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]{86}==$/));

/** What a device signs. A signed push's body is this object; `deviceId` and `items` are the push's own fields. */
export const BundleBodySchema = v.strictObject({
  format: v.literal(BUNDLE_FORMAT),
  deviceId: Uuid,
  /** The one learner every item belongs to; the key is registered for this device AND learner. */
  learnerId: Uuid,
  /** When the phone made the bundle (its clock; informational, never a reason to refuse). */
  createdAt: v.pipe(v.string(), v.maxLength(40)),
  /** `SyncItem`s, each checked on its own by the server as in a push. Exactly one of `items` and `packed`. */
  items: v.optional(v.pipe(v.array(v.unknown()), v.minLength(1))),
  /** The items packed (`pack-items.ts`), as a direct push to a server that reads `diff/1` carries them. */
  packed: v.optional(v.pipe(v.array(v.unknown()), v.minLength(1))),
});
export type BundleBody = v.InferOutput<typeof BundleBodySchema>;

/** A result file's content once un-gzipped: the bundle text and its signature, nothing else. */
export const ResultFileSchema = v.strictObject({
  format: v.literal(RESULT_FILE_FORMAT),
  /** The bundle's JSON text, exactly as signed. */
  bundle: v.string(),
  signature: SignatureSchema,
});
export type ResultFile = v.InferOutput<typeof ResultFileSchema>;

/** Signs a bundle's exact text; returns the signature as base64 (88 characters). */
export async function signBundleText(text: string, privateKey: WebCryptoKey): Promise<string> {
  const signature = await crypto.subtle.sign(ECDSA_SIGN, privateKey, new TextEncoder().encode(text));
  return toBase64(new Uint8Array(signature));
}

/** True when `signature` (base64) is `publicKey`'s (SPKI base64) over the text's UTF-8 bytes; false for any unreadable input. */
export async function verifyBundleText(text: string, signature: string, publicKey: string): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey('spki', fromBase64(publicKey), ECDSA_KEY, false, ['verify']);
    return await crypto.subtle.verify(ECDSA_SIGN, key, fromBase64(signature), new TextEncoder().encode(text));
  } catch {
    return false;
  }
}
