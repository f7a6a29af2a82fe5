// Byte helpers shared by Node (CLI, server), the page, workers and the service worker.
import type { WebCryptoBytes } from './web-crypto-types';

/** Lowercase hex SHA-256 of some bytes, via WebCrypto (available in all our runtimes). */
export async function sha256Hex(data: WebCryptoBytes): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** Standard base64 of bytes (no Buffer: the phone has none). */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Bytes of a standard base64 string. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
