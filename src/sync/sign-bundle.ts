import { BUNDLE_FORMAT, signBundleText, type BundleBody } from '../shared/sync/bundle';
import type { SyncItem } from '../shared/sync/sync-item';
import type { WebCryptoKey } from '../shared/course/web-crypto-types';

/** A bundle's exact text and the device's signature over it: what a signed push or a result file carries. */
export interface SignedBundle {
  text: string;
  signature: string;
}

/**
 * Makes one learner's items into a bundle and signs its text once (64 bytes for the whole batch,
 * not per item). The text is sent as it is, so the server checks the very bytes that were signed.
 */
export async function signBundle(
  input: { deviceId: string; learnerId: string; items: SyncItem[]; createdAt: number },
  privateKey: WebCryptoKey,
): Promise<SignedBundle> {
  const body: BundleBody = {
    format: BUNDLE_FORMAT,
    deviceId: input.deviceId,
    learnerId: input.learnerId,
    createdAt: new Date(input.createdAt).toISOString(),
    items: input.items,
  };
  const text = JSON.stringify(body);
  return { text, signature: await signBundleText(text, privateKey) };
}
