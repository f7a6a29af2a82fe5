import type { JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  issuerKeyId,
  toBase64Url,
  fromBase64Url,
  type IssuerPublicKey,
} from '../../shared/certificates/certificate-code';
import type { WebCryptoKey } from '../../shared/course/web-crypto-types';
import type { Queryable } from '../store/store';

const CURVE = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const META_KEY = 'certificate_issuer_key';

export interface IssuerKey extends IssuerPublicKey {
  privateKey: WebCryptoKey;
}

// Where the key lives (docs/certificates.md): with LENTERA_ISSUER_KEY, a private JWK file the
// operator keeps outside the database (every server process reads the same file, and a database
// backup cannot forge certificates); without it, one key generated on first use and kept in `meta`,
// which every process on the store shares and a restore brings back with the certificates it signed.
const fileKeys = new Map<string, JsonWebKey>();

/** The issuer key that signs new certificates, creating and recording it on first use. */
export async function currentIssuerKey(db: Queryable, env: NodeJS.ProcessEnv = process.env): Promise<IssuerKey> {
  const jwk = env.LENTERA_ISSUER_KEY ? fileKey(env.LENTERA_ISSUER_KEY) : await storedKey(db);
  const privateKey = await crypto.subtle.importKey('jwk', jwk, CURVE, false, ['sign']);
  const publicKey = rawPublicKey(jwk);
  const kid = await issuerKeyId(fromBase64Url(publicKey)!);
  // Listed for phones before it signs anything, so a phone that pulled once can verify offline.
  await db.query(`INSERT INTO certificate_issuer_keys (kid, public_key) VALUES ($1, $2) ON CONFLICT (kid) DO NOTHING`, [
    kid,
    publicKey,
  ]);
  return { kid, publicKey, privateKey };
}

/** Every issuer public key phones should trust: the current one and every one that signed before it. */
export async function issuerPublicKeys(db: Queryable): Promise<IssuerPublicKey[]> {
  const { rows } = await db.query<{ kid: string; public_key: string }>(
    `SELECT kid, public_key FROM certificate_issuer_keys ORDER BY created_at, kid`,
  );
  return rows.map((r) => ({ kid: r.kid, publicKey: r.public_key }));
}

/** A new private JWK for `LENTERA_ISSUER_KEY` (docs/certificates.md shows the one-line command). */
export async function generateIssuerJwk(): Promise<JsonWebKey> {
  const pair = await crypto.subtle.generateKey(CURVE, true, ['sign', 'verify']);
  return (await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey;
}

function fileKey(path: string): JsonWebKey {
  let jwk = fileKeys.get(path);
  if (!jwk) {
    try {
      jwk = JSON.parse(readFileSync(path, 'utf8')) as JsonWebKey;
    } catch (error) {
      // A configuration fault, not the learner's: their push is answered 500 and retried later.
      throw new Error(`LENTERA_ISSUER_KEY ${path} is not a readable JWK file`, { cause: error });
    }
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d)
      throw new Error(`LENTERA_ISSUER_KEY ${path} is not a P-256 private JWK`);
    fileKeys.set(path, jwk);
  }
  return jwk;
}

async function storedKey(db: Queryable): Promise<JsonWebKey> {
  const read = async () =>
    (await db.query<{ value: string }>(`SELECT value FROM meta WHERE key = $1`, [META_KEY])).rows[0]?.value;
  let value = await read();
  if (!value) {
    // Two processes may get here at once: the first insert wins and both read it back.
    await db.query(`INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [
      META_KEY,
      JSON.stringify(await generateIssuerJwk()),
    ]);
    value = await read();
  }
  if (!value) throw new Error('The certificate issuer key was not stored');
  return JSON.parse(value) as JsonWebKey;
}

/** The raw uncompressed point (0x04 ‖ x ‖ y) of a P-256 JWK, base64url: what phones pin. */
function rawPublicKey(jwk: JsonWebKey): string {
  const x = fromBase64Url(jwk.x ?? '');
  const y = fromBase64Url(jwk.y ?? '');
  if (!x || !y || x.length !== 32 || y.length !== 32) throw new Error('Issuer key has no P-256 public point');
  const raw = new Uint8Array(65);
  raw[0] = 4;
  raw.set(x, 1);
  raw.set(y, 33);
  return toBase64Url(raw);
}
