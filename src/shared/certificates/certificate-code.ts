import type { WebCryptoKey } from '../course/web-crypto-types';

// The signed certificate code: what the QR on a certificate holds and what "Periksa sertifikat"
// verifies offline. Compact on purpose (a QR of version ≤ 15 stays scannable from a printed A4 page
// by a cheap phone camera), and plain ASCII so every decoder reads it the same way:
//
//   LC1.<kid>.<content as a JSON array, non-ASCII escaped>.<ECDSA P-256 signature, raw r‖s, base64url>
//
// The signature covers everything before its own dot. `kid` names the issuer key (the first 8
// base64url characters of the SHA-256 of its raw public key), so a phone knows which trusted key to
// try and can tell "signed by a key we do not trust" from "edited".

const PREFIX = 'LC1.';
const SIGNATURE_CHARS = 86; // 64 bytes in base64url without padding
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const CURVE = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** What a certificate says; every field is part of the signed content. */
export interface CertificateContent {
  id: string;
  learnerName: string;
  /** The learner's position in the village government; empty when the enrolment did not record it. */
  jabatan: string;
  desa: string;
  kecamatan: string;
  kabupaten: string;
  provinsi: string;
  courseTitle: string;
  courseVersion: string;
  /** The post-test score, 0–100. */
  score: number;
  /** Day of issue, YYYY-MM-DD, in Western Indonesia Time (WIB). */
  issuedOn: string;
  /** Who issued it (the deployment's name). */
  issuer: string;
}

/** An issuer public key as the phone pins it: its id and the raw uncompressed P-256 point, base64url. */
export interface IssuerPublicKey {
  kid: string;
  publicKey: string;
}

/** Why a code is not a valid certificate; each has its own message on the phone. */
export type CertificateProblem = 'not_lentera' | 'truncated' | 'unknown_key' | 'edited';

export type CertificateCheck =
  { ok: true; content: CertificateContent; kid: string } | { ok: false; reason: CertificateProblem };

const FIELDS = [
  'id',
  'learnerName',
  'jabatan',
  'desa',
  'kecamatan',
  'kabupaten',
  'provinsi',
  'courseTitle',
  'courseVersion',
  'score',
  'issuedOn',
  'issuer',
] as const satisfies ReadonlyArray<keyof CertificateContent>;

/** base64url without padding (no Buffer: the phone has none). */
export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Bytes of a base64url string; null when it is not one. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const s = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** JSON text with every non-ASCII character escaped, so the QR holds ASCII only. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The key id of a raw public key: a short, stable name a code can carry. */
export async function issuerKeyId(rawPublicKey: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', rawPublicKey));
  return toBase64Url(digest).slice(0, 8);
}

/**
 * Signs a certificate's content into its code (the QR text).
 * @example const code = await encodeCertificate(content, privateKey, 'Ab3dE_9x');
 */
export async function encodeCertificate(
  content: CertificateContent,
  privateKey: WebCryptoKey,
  kid: string,
): Promise<string> {
  const body = `${PREFIX}${kid}.${asciiJson(FIELDS.map((f) => content[f]))}`;
  const signature = await crypto.subtle.sign(SIGN, privateKey, new TextEncoder().encode(body));
  return `${body}.${toBase64Url(new Uint8Array(signature))}`;
}

/** The content of a code WITHOUT checking its signature (for showing a stored certificate); null if unreadable. */
export function readCertificateContent(code: string): CertificateContent | null {
  const parts = splitCode(code.trim());
  return parts && 'body' in parts ? parseContent(parts.json) : null;
}

/**
 * Verifies a scanned or typed code against the issuer keys this phone trusts, offline. It can
 * say the content is unchanged and signed by a trusted issuer; it cannot know of a revocation.
 */
export async function verifyCertificate(code: string, trusted: IssuerPublicKey[]): Promise<CertificateCheck> {
  const parts = splitCode(code.trim());
  if (!parts) return { ok: false, reason: 'not_lentera' };
  if (!('body' in parts)) return { ok: false, reason: 'truncated' };
  const key = trusted.find((k) => k.kid === parts.kid);
  if (!key) return { ok: false, reason: 'unknown_key' };
  const raw = fromBase64Url(key.publicKey);
  const signature = fromBase64Url(parts.signature)!;
  let ok: boolean;
  try {
    const publicKey = await crypto.subtle.importKey('raw', raw!, CURVE, false, ['verify']);
    ok = await crypto.subtle.verify(SIGN, publicKey, signature, new TextEncoder().encode(parts.body));
  } catch {
    ok = false; // an unreadable pinned key verifies nothing
  }
  if (!ok) return { ok: false, reason: 'edited' };
  const content = parseContent(parts.json);
  // A valid signature over content we cannot read: signed by our key, but not a certificate we know.
  return content ? { ok: true, content, kid: parts.kid } : { ok: false, reason: 'not_lentera' };
}

type CodeParts = { kid: string } | { kid: string; body: string; json: string; signature: string };

/** null: not a Lentera code at all; without `body`: a Lentera code cut short. */
function splitCode(code: string): CodeParts | null {
  if (!code.startsWith(PREFIX)) return null;
  const kidEnd = code.indexOf('.', PREFIX.length);
  if (kidEnd < 0) return { kid: '' };
  const kid = code.slice(PREFIX.length, kidEnd);
  const sigStart = code.lastIndexOf('.');
  const signature = code.slice(sigStart + 1);
  if (sigStart <= kidEnd || signature.length !== SIGNATURE_CHARS || !fromBase64Url(signature)) return { kid };
  const json = code.slice(kidEnd + 1, sigStart);
  // Cut inside the content, a dot of the content (a version "1.0.0") can pass for the last one.
  if (!json.startsWith('[') || !json.endsWith(']')) return { kid };
  return { kid, body: code.slice(0, sigStart), json, signature };
}

function parseContent(json: string): CertificateContent | null {
  let values: unknown;
  try {
    values = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(values) || values.length !== FIELDS.length) return null;
  const content: Record<string, unknown> = {};
  for (const [i, field] of FIELDS.entries()) {
    const value: unknown = values[i];
    if (field === 'score' ? typeof value !== 'number' || !Number.isFinite(value) : typeof value !== 'string')
      return null;
    content[field] = value;
  }
  return content as unknown as CertificateContent;
}
