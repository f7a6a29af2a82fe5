import * as v from 'valibot';
import type { ApiErrorCode } from '../../shared/api-error-code';
import { BundleBodySchema } from '../../shared/sync/bundle';
import { bodyItems } from '../../shared/sync/pack-items';
import { MAX_PUSH_ITEMS, type PushItemResult } from '../../shared/sync/protocol';
import { findAccount } from '../auth/users';
import { ApiProblem } from '../http/api-problem';
import { isWithin } from '../regions/region-scope';
import type { Store } from '../store/store';
import { storePushBatch } from '../sync/store-push-batch';
import { verifyBundleSignature } from '../sync/verify-bundle-signature';
import type { HubIdentity } from './hub-credentials';
import type { HubBundleResult } from './hub-protocol';

/**
 * Verifies and stores one bundle a hub carried, exactly as a signed push or a result file is
 * (`verifyBundleSignature`, then `storePushBatch` in push-sized batches): nothing of it is stored
 * unless its learner's desa is in the hub's kecamatan and the device's key signed its exact text.
 * The item ids are the idempotency key, so a bundle the hub sends again after a lost answer, or
 * items the phone also pushed directly, come back `duplicate` and are stored once. Items this
 * delivery stored are marked as carried by the hub.
 */
export async function storeHubBundle(
  store: Store,
  hub: HubIdentity,
  index: number,
  bundle: { body: string; signature: string },
): Promise<HubBundleResult> {
  const refused = (code: ApiErrorCode, message: string): HubBundleResult => ({
    index,
    bundle: 'refused',
    code,
    message,
    items: [],
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(bundle.body);
  } catch {
    return refused('malformed_bundle', 'The bundle is not JSON (cut short or damaged)');
  }
  const checked = v.safeParse(BundleBodySchema, parsed);
  if (!checked.success) return refused('malformed_bundle', 'Not a lentera-bundle/1 bundle');
  const carried = bodyItems(checked.output);
  if ('error' in carried) return refused('malformed_bundle', carried.error);
  const body = { ...checked.output, items: carried.items };
  const learner = await findAccount(store, body.learnerId);
  if (!learner || learner.role !== 'learner') return refused('unknown_learner', `No learner ${body.learnerId}`);
  if (!(learner.desaCode && isWithin(learner.desaCode, hub.kecamatanCode))) {
    return refused('outside_hub_kecamatan', `This learner is outside the hub's kecamatan ${hub.kecamatanCode}`);
  }
  try {
    await verifyBundleSignature(store, {
      deviceId: body.deviceId,
      learnerId: body.learnerId,
      text: bundle.body,
      signature: bundle.signature,
    });
  } catch (err) {
    if (err instanceof ApiProblem) return refused(err.code, err.message);
    throw err;
  }
  const items: PushItemResult[] = [];
  for (let start = 0; start < body.items.length; start += MAX_PUSH_ITEMS) {
    const part = await storePushBatch(store, learner, body.deviceId, body.items.slice(start, start + MAX_PUSH_ITEMS));
    items.push(...part.map((r) => ({ ...r, index: r.index + start })));
  }
  // After the batch committed: at worst a crash here leaves an item stored without its carrier
  // noted, never the other way round. Only rows this delivery created (accepted) are marked.
  const accepted = items.filter((r) => r.status === 'accepted' && r.id !== null).map((r) => r.id);
  if (accepted.length > 0) {
    await store.query(
      `UPDATE sync_items SET carried_by_hub = $1 WHERE id = ANY($2::uuid[]) AND carried_by_hub IS NULL`,
      [hub.id, accepted],
    );
  }
  await store.query(`UPDATE hubs SET bundles_forwarded = bundles_forwarded + 1 WHERE id = $1`, [hub.id]);
  return { index, bundle: 'stored', items };
}
