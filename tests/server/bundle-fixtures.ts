import { gzipSync } from 'node:zlib';
import { toBase64 } from '../../src/shared/course/bytes';
import {
  BUNDLE_FORMAT,
  BUNDLE_SIGNATURE_HEADER,
  RESULT_FILE_FORMAT,
  signBundleText,
  type BundleBody,
} from '../../src/shared/sync/bundle';
import { packItems } from '../../src/shared/sync/pack-items';
import type { TestApp } from './test-app';

/** A phone's device key as a test holds it: the pair and its SPKI base64. */
export interface TestDeviceKey {
  pair: CryptoKeyPair;
  publicKey: string;
}

/** A fresh ECDSA P-256 key pair, private key non-extractable as on the phone. */
export async function newDeviceKey(): Promise<TestDeviceKey> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  return { pair, publicKey: toBase64(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey))) };
}

/** Registers `key` for the learner's device through the real route; throws unless 200/201. */
export async function registerKey(
  t: TestApp,
  learner: { token: string; deviceId: string },
  key: TestDeviceKey,
): Promise<void> {
  const res = await t.call('POST', '/api/devices/key', {
    token: learner.token,
    json: { deviceId: learner.deviceId, publicKey: key.publicKey },
  });
  if (res.status !== 200 && res.status !== 201) throw new Error(`registerDeviceKey: ${res.status} ${await res.text()}`);
}

/** The bundle text of these items and its signature by `key`. */
export async function signedBundle(
  key: TestDeviceKey,
  learner: { id: string; deviceId: string },
  items: unknown[],
  /** Carry the items packed (`pack-items.ts`), as a phone does for a server that reads packed items. */
  packed = false,
): Promise<{ text: string; signature: string }> {
  const body: BundleBody = {
    format: BUNDLE_FORMAT,
    deviceId: learner.deviceId,
    learnerId: learner.id,
    createdAt: new Date().toISOString(),
    ...(packed ? { packed: packItems(items) } : { items }),
  };
  const text = JSON.stringify(body);
  return { text, signature: await signBundleText(text, key.pair.privateKey) };
}

/** Request init of a signed push of `text` (gzip, as the phone sends it). */
export function signedPushInit(token: string, bundle: { text: string; signature: string }): RequestInit {
  return {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
      Authorization: `Bearer ${token}`,
      [BUNDLE_SIGNATURE_HEADER]: bundle.signature,
    },
    body: gzipSync(bundle.text),
  };
}

/** A result file's bytes (gzip of the lentera-hasil/1 JSON), as the phone writes it. */
export function resultFileBytes(bundle: { text: string; signature: string }): Uint8Array {
  return gzipSync(JSON.stringify({ format: RESULT_FILE_FORMAT, bundle: bundle.text, signature: bundle.signature }));
}

/** Uploads files to `POST /api/bundles` as an operator would (multipart `file` parts). */
export function uploadFiles(
  t: TestApp,
  token: string,
  files: Array<{ name: string; bytes: Uint8Array }>,
): Promise<Response> {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([Buffer.from(f.bytes)]), f.name);
  return Promise.resolve(
    t.app.request('/api/bundles', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form }),
  );
}
