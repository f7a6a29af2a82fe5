import { log } from '../log';
import type { Store } from '../store/store';
import { hubIdentityKey } from './hub-identity-key';
import { postHubIdentity, UpstreamError, type UpstreamClient } from './upstream-client';

const META_KEY = 'hub_identity_registered';
/** `meta` key holding `{fingerprint, at}` while the national server refuses this hub's key. */
export const IDENTITY_REFUSED_KEY = 'hub_identity_refused';

const upsert = `INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`;

/**
 * Registers the hub's identity public key with the national server once (remembered in `meta` by
 * fingerprint), so the phones of its kecamatan learn it with their pull. A refusal because the hub
 * already has another key upstream (409: this store is not the one the hub was set up with) does
 * not stop the forwarding: results still travel, only phones will not trust this hub until it is
 * issued anew. So the refusal is kept in `meta` for the operator's page and the status (only a
 * person can fix it), and asked again at each mirror: a registration that then succeeds (a new
 * credential) clears it. Other failures throw, and the loop's backoff tries again.
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
      const known = await store.query(`SELECT 1 FROM meta WHERE key = $1`, [IDENTITY_REFUSED_KEY]);
      // The first refusal's time stays: the page says since when the hub has been untrusted.
      if (known.rows.length === 0) {
        await store.query(upsert, [
          IDENTITY_REFUSED_KEY,
          JSON.stringify({ fingerprint: key.fingerprint, at: new Date().toISOString() }),
        ]);
      }
      return;
    }
    throw err;
  }
  await store.transaction(async (tx) => {
    await tx.query(upsert, [META_KEY, key.fingerprint]);
    await tx.query(`DELETE FROM meta WHERE key = $1`, [IDENTITY_REFUSED_KEY]);
  });
}
