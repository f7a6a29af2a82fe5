import type * as v from 'valibot';
import { db } from '../../db/database';
import { IssuerKeysResponseSchema } from '../../shared/certificates/certificate-protocol';
import type { IssuerPublicKey } from '../../shared/certificates/certificate-code';
import { apiFetch } from '../api/api-fetch';

/**
 * Pins the issuer keys this phone's own server lists (the pull does the same for signed-in
 * learners): new keys are added, a pinned key is never replaced, so a server that starts listing
 * another key cannot turn a certificate verified yesterday into "another key" today. Offline it
 * does nothing and the pinned keys are used as they are.
 */
export async function pinServerIssuerKeys(): Promise<void> {
  const res = await apiFetch('/api/certificates/keys', IssuerKeysResponseSchema);
  if (!res.ok) return;
  await pinIssuerKeys(res.data.keys);
}

/** Adds the keys this phone does not hold yet; keeps every pinned key as it is. */
export async function pinIssuerKeys(keys: v.InferOutput<typeof IssuerKeysResponseSchema>['keys']): Promise<void> {
  await db.transaction('rw', db.issuerKeys, async () => {
    for (const key of keys) {
      if (!(await db.issuerKeys.get(key.kid))) await db.issuerKeys.add({ ...key, pinnedAt: Date.now() });
    }
  });
}

/** The keys a certificate code is verified against. */
export async function trustedIssuerKeys(): Promise<IssuerPublicKey[]> {
  return (await db.issuerKeys.toArray()).map(({ kid, publicKey }) => ({ kid, publicKey }));
}
