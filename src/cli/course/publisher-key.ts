import type { webcrypto } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { toBase64 } from '../../shared/course/bytes';
import type { WebCryptoKey } from '../../shared/course/web-crypto-types';

type JsonWebKey = webcrypto.JsonWebKey;

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export interface PublisherKey {
  privateKey: WebCryptoKey;
  /** SPKI DER, base64: what goes into every signed manifest. */
  publicKey: string;
}

interface KeyFile {
  kind: 'lentera-publisher-key';
  privateKey: JsonWebKey;
  publicKey: string;
}

/** Creates a new ECDSA P-256 publisher key pair. */
export async function generatePublisherKey(): Promise<PublisherKey & { jwk: JsonWebKey }> {
  const pair = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  return { privateKey: pair.privateKey, publicKey: toBase64(spki), jwk };
}

/** Serialises a key pair for a key file (keep it secret: it can publish in the author's name). */
export function publisherKeyJson(key: { jwk: JsonWebKey; publicKey: string }): string {
  const file: KeyFile = { kind: 'lentera-publisher-key', privateKey: key.jwk, publicKey: key.publicKey };
  return JSON.stringify(file, null, 2) + '\n';
}

/** Reads a key from its JSON text (see `publisherKeyJson`). */
export async function importPublisherKey(text: string): Promise<PublisherKey> {
  const file = JSON.parse(text) as KeyFile;
  if (file.kind !== 'lentera-publisher-key') throw new Error('not a Lentera publisher key file');
  const privateKey = await crypto.subtle.importKey('jwk', file.privateKey, ALGORITHM, false, ['sign']);
  return { privateKey, publicKey: file.publicKey };
}

/** Reads a key file from disk. */
export async function readPublisherKey(path: string): Promise<PublisherKey> {
  return importPublisherKey(await readFile(path, 'utf8'));
}

/** Writes a new key file (mode 600) and returns the key. */
export async function writeNewPublisherKey(path: string): Promise<PublisherKey> {
  const key = await generatePublisherKey();
  await writeFile(path, publisherKeyJson(key), { mode: 0o600, flag: 'wx' });
  return key;
}
