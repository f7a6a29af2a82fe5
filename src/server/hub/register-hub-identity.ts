import { hubKeyFingerprint } from '../../shared/hub/hub-identity-proof';
import { isP256PublicKey } from '../devices/register-device-key';
import { ApiProblem } from '../http/api-problem';
import type { Queryable } from '../store/store';
import type { HubIdentity } from './hub-credentials';

/**
 * Keeps the hub's identity public key (standard base64 SPKI, ECDSA P-256) on the national server.
 * The first key stays for the hub's life: the same key again is a retry (`created: false`), another
 * one is 409 hub_identity_conflict — whoever copied the credential off the hub cannot replace the
 * key phones check. Throws 400 invalid_public_key for anything that is not such a key.
 */
export async function registerHubIdentity(
  db: Queryable,
  hub: HubIdentity,
  publicKey: string,
): Promise<{ created: boolean; fingerprint: string }> {
  if (!(await isP256PublicKey(publicKey))) {
    throw new ApiProblem(400, 'invalid_public_key', 'publicKey is not an ECDSA P-256 SPKI key in base64');
  }
  const fingerprint = await hubKeyFingerprint(publicKey);
  const set = await db.query(
    `UPDATE hubs SET identity_key = $2, identity_fingerprint = $3, identity_registered_at = now()
      WHERE id = $1 AND identity_key IS NULL RETURNING id`,
    [hub.id, publicKey, fingerprint],
  );
  if (set.rows.length > 0) return { created: true, fingerprint };
  const { rows } = await db.query<{ identity_key: string | null }>(`SELECT identity_key FROM hubs WHERE id = $1`, [
    hub.id,
  ]);
  if (rows[0]?.identity_key !== publicKey) {
    throw new ApiProblem(409, 'hub_identity_conflict', 'This hub already registered another identity key');
  }
  return { created: false, fingerprint };
}
