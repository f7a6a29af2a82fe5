import type { ApiErrorCode } from '../../shared/api-error-code';
import type { ItemCounts, ResultFileOutcome } from '../../shared/sync/bundle-protocol';
import { MAX_PUSH_ITEMS, type PushItemResult } from '../../shared/sync/protocol';
import { sha256Hex } from '../../shared/course/bytes';
import { recordAudit } from '../audit/record-audit';
import { findAccount } from '../auth/users';
import { ApiProblem } from '../http/api-problem';
import { isWithin } from '../regions/region-scope';
import type { Store } from '../store/store';
import { storePushBatch } from '../sync/store-push-batch';
import { verifyBundleSignature } from '../sync/verify-bundle-signature';
import { readResultFile } from '../sync/verify-result-file';

/**
 * Reads, verifies and stores one uploaded result file for an operator (`scope`; `''` for admin).
 * Nothing is stored unless the file is whole, its learner is inside the scope and the device's
 * registered key signed it; then its items are stored exactly as a push stores them, in push-sized
 * batches, so a file uploaded twice, or items the phone also pushed directly, come back `duplicate`.
 */
export async function storeResultFile(
  store: Store,
  file: { name: string; bytes: Uint8Array },
  options: { scope: string; actorId: string; maxBytes: number },
): Promise<ResultFileOutcome> {
  const refused = (code: ApiErrorCode, message: string, extra: Partial<ResultFileOutcome> = {}): ResultFileOutcome => ({
    name: file.name,
    status: 'refused',
    code,
    message,
    ...extra,
  });
  const read = await readResultFile(file.bytes, options.maxBytes);
  if (!read.ok) return refused(read.code, read.message);
  const { body, text, signature } = read;
  const who = { learnerId: body.learnerId, deviceId: body.deviceId };
  const learner = await findAccount(store, body.learnerId);
  if (!learner || learner.role !== 'learner') return refused('unknown_learner', `No learner ${body.learnerId}`, who);
  if (options.scope !== '' && !(learner.desaCode && isWithin(learner.desaCode, options.scope))) {
    return refused('outside_region', `This learner is outside your region ${options.scope}`, who);
  }
  try {
    await verifyBundleSignature(store, { deviceId: body.deviceId, learnerId: body.learnerId, text, signature });
  } catch (err) {
    if (err instanceof ApiProblem) return refused(err.code, err.message, who);
    throw err;
  }
  const results: PushItemResult[] = [];
  for (let start = 0; start < body.items.length; start += MAX_PUSH_ITEMS) {
    const part = await storePushBatch(store, learner, body.deviceId, body.items.slice(start, start + MAX_PUSH_ITEMS));
    results.push(...part.map((r) => ({ ...r, index: r.index + start })));
  }
  const counts: ItemCounts = { accepted: 0, duplicate: 0, conflict: 0, rejected: 0 };
  // `held` is a hub's answer (docs/hub.md); the national server's own store never gives it.
  for (const r of results) if (r.status !== 'held') counts[r.status]++;
  await recordAudit(store, {
    actorId: options.actorId,
    action: 'bundle.upload',
    targetType: 'bundle',
    targetId: await sha256Hex(new TextEncoder().encode(text)),
    regionCode: learner.desaCode,
    detail: { ...who, fileName: file.name, items: results.length, ...counts },
  });
  return { name: file.name, status: 'stored', ...who, counts, results };
}
