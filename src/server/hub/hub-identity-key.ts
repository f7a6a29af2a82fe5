import { webcrypto } from 'node:crypto';
import { fromBase64, toBase64 } from '../../shared/course/bytes';
import { hubKeyFingerprint } from '../../shared/hub/hub-identity-proof';
import type { Queryable } from '../store/store';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const META_KEY = 'hub_identity_key';

/** The hub's own signing key: the private half to answer probes, the public half and its fingerprint to show. */
export interface HubIdentityKey {
  privateKey: webcrypto.CryptoKey;
  /** Standard base64 SPKI, as registered with the national server. */
  publicKey: string;
  /** What the QR carries as `k=` (`hubKeyFingerprint`). */
  fingerprint: string;
}

const loaded = new WeakMap<object, Promise<HubIdentityKey>>();

/**
 * The hub's identity key pair (ECDSA P-256), made on first use and kept in the hub's own store
 * (`meta.hub_identity_key`, PKCS#8 + SPKI): the store is what the hub already keeps across
 * restarts and what an operator moves to a new laptop, and a hub set up afresh (new store) gets a
 * new key, as it gets a new credential. Two first requests at once agree on one key (the first
 * insert wins, both read it back).
 */
export function hubIdentityKey(db: Queryable): Promise<HubIdentityKey> {
  let key = loaded.get(db);
  if (!key) {
    key = loadOrCreate(db);
    key.catch(() => loaded.delete(db)); // a failed read is tried again next time
    loaded.set(db, key);
  }
  return key;
}

async function loadOrCreate(db: Queryable): Promise<HubIdentityKey> {
  const existing = await read(db);
  if (existing) return existing;
  const pair = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const stored = {
    privateKey: toBase64(new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey))),
    publicKey: toBase64(new Uint8Array(await webcrypto.subtle.exportKey('spki', pair.publicKey))),
  };
  await db.query(`INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [
    META_KEY,
    JSON.stringify(stored),
  ]);
  return (await read(db))!;
}

async function read(db: Queryable): Promise<HubIdentityKey | null> {
  const { rows } = await db.query<{ value: string }>(`SELECT value FROM meta WHERE key = $1`, [META_KEY]);
  if (!rows[0]) return null;
  const stored = JSON.parse(rows[0].value) as { privateKey: string; publicKey: string };
  // Not extractable once loaded: nothing in the process can hand the private key out again.
  const privateKey = await webcrypto.subtle.importKey('pkcs8', fromBase64(stored.privateKey), ALGORITHM, false, [
    'sign',
  ]);
  return { privateKey, publicKey: stored.publicKey, fingerprint: await hubKeyFingerprint(stored.publicKey) };
}
