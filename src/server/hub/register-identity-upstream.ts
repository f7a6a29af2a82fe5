import { log } from '../log';
import type { Store } from '../store/store';
import { hubIdentityKey } from './hub-identity-key';
import { postHubIdentity, UpstreamError, type UpstreamClient } from './upstream-client';

const META_KEY = 'hub_identity_registered';

/**
 * Registers the hub's identity public key with the national server once (remembered in `meta` by
 * fingerprint), so the phones of its kecamatan learn it with their pull. A refusal because the hub
 * already has another key upstream (409: this store is not the one the hub was set up with) is
 * logged and does not stop the forwarding: results still travel, only phones will not trust this
 * hub until it is issued anew. Other failures throw, and the loop's backoff tries again.
 */
export async function registerIdentityUpstream(store: Store, client: UpstreamClient): Promise<void> {
  const key = await hubIdentityKey(store);
  const { rows } = await store.query<{ value: string }>(`SELECT value FROM meta WHERE key = $1`, [META_KEY]);
  if (rows[0]?.value === key.fingerprint) return;
  try {
    await postHubIdentity(client, key.publicKey);
  } catch (err) {
    if (err instanceof UpstreamError && err.status === 409) {
      log('error', 'hub identity key refused upstream: another key is registered for this hub (docs/hub.md)', {
        fingerprint: key.fingerprint,
      });
      return;
    }
    throw err;
  }
  await store.query(
    `INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [META_KEY, key.fingerprint],
  );
}
