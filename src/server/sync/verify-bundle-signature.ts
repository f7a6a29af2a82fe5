import * as v from 'valibot';
import { SignatureSchema, verifyBundleText } from '../../shared/sync/bundle';
import { ApiProblem } from '../http/api-problem';
import type { Queryable } from '../store/store';

interface KeyRow {
  public_key: string | null;
  revoked: boolean;
}

const keysOf = (db: Queryable, deviceId: string, learnerId: string) =>
  db
    .query<KeyRow>(
      `SELECT public_key, revoked_at IS NOT NULL AS revoked FROM device_keys WHERE device_id = $1 AND learner_id = $2`,
      [deviceId, learnerId],
    )
    .then((r) => r.rows);

/**
 * Checks a bundle's signature against the key registered for (device, learner) before anything of
 * it is stored; throws `ApiProblem`: 403 unknown_device (no key registered), 403 device_revoked (the
 * device was revoked, or a revoked key signed it), 400 bad_bundle_signature (the text is not what the
 * live key signed: changed, cut, or signed by someone else).
 */
export async function verifyBundleSignature(
  db: Queryable,
  bundle: { deviceId: string; learnerId: string; text: string; signature: string },
): Promise<void> {
  if (!v.is(SignatureSchema, bundle.signature)) {
    throw new ApiProblem(400, 'bad_bundle_signature', 'The bundle signature is not 64 bytes of base64');
  }
  const keys = await keysOf(db, bundle.deviceId, bundle.learnerId);
  if (keys.length === 0) {
    throw new ApiProblem(403, 'unknown_device', 'No key is registered for this device and learner');
  }
  const verifies = (k: KeyRow) =>
    k.public_key !== null && verifyBundleText(bundle.text, bundle.signature, k.public_key);
  // The live key, or one it replaced after the phone lost its storage (a file it signed may be on its way).
  const valid = keys.filter((k) => !k.revoked);
  if (valid.length === 0)
    throw new ApiProblem(403, 'device_revoked', 'This device was revoked; its bundles are refused');
  for (const k of valid) if (await verifies(k)) return;
  for (const k of keys.filter((k) => k.revoked)) {
    if (await verifies(k)) throw new ApiProblem(403, 'device_revoked', 'Signed with a revoked key of this device');
  }
  throw new ApiProblem(400, 'bad_bundle_signature', 'The bundle does not match its signature');
}

/**
 * The rule for an unsigned push (an app from before device keys): accepted on the learner's token
 * while the device has no key for the learner. Once a key is registered every push must be signed
 * (403 bundle_signature_required), and a revoked device stays refused (403 device_revoked).
 */
export async function checkUnsignedPush(db: Queryable, deviceId: string, learnerId: string): Promise<void> {
  const keys = await keysOf(db, deviceId, learnerId);
  if (keys.length === 0) return;
  if (keys.some((k) => !k.revoked)) {
    throw new ApiProblem(403, 'bundle_signature_required', 'This device has a key: sign the push');
  }
  throw new ApiProblem(403, 'device_revoked', 'This device was revoked; its pushes are refused');
}
