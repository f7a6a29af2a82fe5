import * as v from 'valibot';
import { ReconcileResponseSchema } from '../shared/sync/protocol';
import { checkServerEpoch } from './check-server-epoch';
import { gzipJson } from './gzip-json';
import type { SyncContext } from './sync-context';

/**
 * Posts `body` to `/api/sync/reconcile`, gzip like the push: ids sorted by time share their leading
 * digits, and digests are hex. Every reconcile request of the phone goes through here.
 */
export async function postReconcile(ctx: SyncContext, token: string, body: unknown): Promise<Response> {
  return ctx.fetch(`${ctx.baseUrl}/api/sync/reconcile`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', Authorization: `Bearer ${token}` },
    body: await gzipJson(body),
    signal: AbortSignal.timeout(ctx.requestTimeoutMs),
  });
}

/**
 * Which of `ids` (at most `MAX_RECONCILE_IDS`) the national server does not store, lower-cased; null
 * when its answer carries a new epoch (a restored server: everything is pending again anyway).
 * Throws when there is no answer, or one that is not a reconcile answer.
 */
export async function askMissing(ctx: SyncContext, token: string, ids: string[]): Promise<Set<string> | null> {
  const res = await postReconcile(ctx, token, { ids });
  if (!res.ok) throw new Error(`reconcile answered ${res.status}`);
  const body = v.parse(ReconcileResponseSchema, await res.json());
  if (await checkServerEpoch(ctx.db, body.serverEpoch)) return null;
  return new Set(body.missing.map((id) => id.toLowerCase()));
}
