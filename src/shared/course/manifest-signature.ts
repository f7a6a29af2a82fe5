import * as v from 'valibot';
import { CourseManifestSchema, type CourseManifest } from './manifest';
import { fromBase64, toBase64 } from './bytes';
import type { SignedManifest } from './signed-manifest';
import type { WebCryptoKey } from './web-crypto-types';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** Why a signed manifest was refused; each reason has its own message in the app and server. */
export type ManifestProblem = 'bad_signature' | 'malformed_manifest';

export class ManifestError extends Error {
  constructor(
    readonly reason: ManifestProblem,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Signs a manifest with the publisher's private key (WebCrypto ECDSA P-256).
 * @example const envelope = await signManifest(manifest, privateKey, publicKeySpkiBase64);
 */
export async function signManifest(
  manifest: CourseManifest,
  privateKey: WebCryptoKey,
  publicKey: string,
): Promise<SignedManifest> {
  const text = JSON.stringify(manifest);
  const signature = await crypto.subtle.sign(SIGN, privateKey, new TextEncoder().encode(text));
  return { format: 1, manifest: text, signature: toBase64(new Uint8Array(signature)), publicKey };
}

/**
 * Checks the signature over the manifest's exact bytes, then its shape. Throws `ManifestError`.
 * The caller decides which public keys to trust (the device pins the key of the installed version).
 */
export async function verifySignedManifest(envelope: SignedManifest): Promise<CourseManifest> {
  let ok: boolean;
  try {
    const key = await crypto.subtle.importKey('spki', fromBase64(envelope.publicKey), ALGORITHM, false, ['verify']);
    ok = await crypto.subtle.verify(
      SIGN,
      key,
      fromBase64(envelope.signature),
      new TextEncoder().encode(envelope.manifest),
    );
  } catch {
    ok = false; // an unreadable key or signature is as bad as a wrong one
  }
  if (!ok) throw new ManifestError('bad_signature', 'The manifest signature does not match its content');
  return parseManifestText(envelope.manifest);
}

/** Parses and validates manifest JSON text; throws `ManifestError('malformed_manifest')`. */
export function parseManifestText(text: string): CourseManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ManifestError('malformed_manifest', 'The manifest is not valid JSON');
  }
  const result = v.safeParse(CourseManifestSchema, json);
  if (!result.success) {
    const issue = result.issues[0];
    const path = v.getDotPath(issue) ?? '';
    throw new ManifestError('malformed_manifest', `Invalid manifest at ${path || '(root)'}: ${issue.message}`);
  }
  return checkManifestReferences(result.output);
}

/** Every lesson and quiz hash must be listed in `files`, and ids must be unique. */
function checkManifestReferences(manifest: CourseManifest): CourseManifest {
  const hashes = new Set(manifest.files.map((f) => f.hash));
  const refs = [...manifest.modules.flatMap((m) => m.lessons), ...manifestQuizzes(manifest)];
  for (const ref of refs) {
    if (!hashes.has(ref.file)) {
      throw new ManifestError('malformed_manifest', `Invalid manifest: ${ref.id} points to a file not in files`);
    }
  }
  const ids = refs.map((r) => r.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new ManifestError('malformed_manifest', `Invalid manifest: duplicate id ${duplicate}`);
  return manifest;
}

/** All quiz references of a manifest: module quizzes, then pre-test and post-test. */
export function manifestQuizzes(manifest: CourseManifest) {
  return [
    ...manifest.modules.flatMap((m) => m.quizzes),
    ...(manifest.pretest ? [manifest.pretest] : []),
    ...(manifest.posttest ? [manifest.posttest] : []),
  ];
}
