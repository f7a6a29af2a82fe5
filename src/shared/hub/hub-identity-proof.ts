// The hub's proof of identity, shared by the hub (Node) and the phone (page): what is signed, how a
// key's fingerprint is made, and the check. Plain WebCrypto, so the phone needs no library.
import * as v from 'valibot';
import { fromBase64, toBase64 } from '../course/bytes';
import type { WebCryptoKey } from '../course/web-crypto-types';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

/**
 * A phone's challenge: 16 to 64 base64url characters (the phone sends 22, i.e. 128 random bits).
 * Bounded, so a probe cannot make the hub sign megabytes.
 */
export const HubChallengeSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/, 'A base64url challenge'));

/** How long a fingerprint is: 16 bytes of the SHA-256, 22 base64url characters (see docs/hub.md, "Trust"). */
const FINGERPRINT_BYTES = 16;

const base64url = (bytes: Uint8Array) => toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * The bytes a hub signs for one probe. The purpose prefix keeps the signature from meaning anything
 * elsewhere; the phone's fresh random challenge makes an old answer worthless (no clock needed:
 * phones' clocks are often wrong).
 */
export const hubProofMessage = (hubId: string, challenge: string) =>
  new TextEncoder().encode(`lentera-hub-status/1\n${hubId}\n${challenge}`);

/** A fresh challenge for one probe (128 random bits, base64url). */
export const newHubChallenge = () => base64url(crypto.getRandomValues(new Uint8Array(16)));

/**
 * The fingerprint of a hub's public key (standard base64 SPKI) as the QR carries it and the phone
 * pins it: base64url of the first 16 bytes of its SHA-256.
 * @example const k = await hubKeyFingerprint(status.identityKey);
 */
export async function hubKeyFingerprint(publicKey: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', fromBase64(publicKey)));
  return base64url(digest.subarray(0, FINGERPRINT_BYTES));
}

/** The hub's signature (standard base64, IEEE P1363 as WebCrypto makes it) over one probe. */
export async function signHubProof(privateKey: WebCryptoKey, hubId: string, challenge: string): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.sign(SIGN, privateKey, hubProofMessage(hubId, challenge))));
}

/**
 * True when `publicKey` has the pinned fingerprint and `signature` is its signature over this
 * probe. Never throws: an unreadable key or signature is as bad as a wrong one.
 */
export async function verifyHubProof(proof: {
  pinnedFingerprint: string;
  publicKey: string;
  signature: string;
  hubId: string;
  challenge: string;
}): Promise<boolean> {
  try {
    if ((await hubKeyFingerprint(proof.publicKey)) !== proof.pinnedFingerprint) return false;
    const key = await crypto.subtle.importKey('spki', fromBase64(proof.publicKey), ALGORITHM, false, ['verify']);
    return await crypto.subtle.verify(
      SIGN,
      key,
      fromBase64(proof.signature),
      hubProofMessage(proof.hubId, proof.challenge),
    );
  } catch {
    return false;
  }
}
