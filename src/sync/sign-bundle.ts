import { BUNDLE_FORMAT, signBundleText, type BundleBody } from '../shared/sync/bundle';
import { packItems } from '../shared/sync/pack-items';
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
  input: { deviceId: string; learnerId: string; items: SyncItem[]; createdAt: number; packed?: boolean },
  privateKey: WebCryptoKey,
): Promise<SignedBundle> {
  const body: BundleBody = {
    format: BUNDLE_FORMAT,
    deviceId: input.deviceId,
    learnerId: input.learnerId,
    createdAt: new Date(input.createdAt).toISOString(),
    // Packed only for a server that said it reads packed items: a result file or a hub keeps the items plain.
    ...(input.packed ? { packed: packItems(input.items) } : { items: input.items }),
  };
  const text = JSON.stringify(body);
  return { text, signature: await signBundleText(text, privateKey) };
}
