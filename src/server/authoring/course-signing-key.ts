import type { webcrypto } from 'node:crypto';
import { toBase64 } from '../../shared/course/bytes';
import type { WebCryptoKey } from '../../shared/course/web-crypto-types';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** A new ECDSA P-256 key for one web-authored course: the private JWK to store, the public SPKI to publish. */
export async function generateCourseKey(): Promise<{ jwk: webcrypto.JsonWebKey; publicKey: string }> {
  const pair = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  return { jwk: await crypto.subtle.exportKey('jwk', pair.privateKey), publicKey: toBase64(spki) };
}

/** The stored private key as a signing key (not extractable once imported). */
export function importCourseKey(jwk: webcrypto.JsonWebKey): Promise<WebCryptoKey> {
  return crypto.subtle.importKey('jwk', jwk, ALGORITHM, false, ['sign']);
}
