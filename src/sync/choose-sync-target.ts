import * as v from 'valibot';
import type { LenteraDatabase } from '../db/database';
import { readState, type HubSetting } from '../db/sync-state';
import type { SyncContext } from './sync-context';

/**
 * How long a sync waits for the office's hub before going to the national server. A hub on the
 * office Wi-Fi answers in milliseconds; a phone away from the office must not wait long for it.
 */
export const HUB_PROBE_TIMEOUT_MS = 2_500;

/** The part of a server's `GET /api/hub/status` answer the phone reads (docs/hub.md). */
const HubStatusAnswerSchema = v.object({
  mode: v.picklist(['hub', 'national']),
  hubId: v.optional(v.nullable(v.string())),
  kecamatan: v.optional(v.nullable(v.object({ code: v.string(), name: v.string() }))),
});

export type HubCheck =
  | { kind: 'hub'; baseUrl: string; hubId: string; kecamatan: { code: string; name: string } | null }
  /** The address answers, but it is the national server (or a hub without an id yet). */
  | { kind: 'not_hub' }
  /** The address is not a web address at all. */
  | { kind: 'bad_address' }
  /** No answer, or an answer that is no hub status (another device on the Wi-Fi). */
  | { kind: 'unreachable' };

/**
 * Reads what a learner typed or scanned — `192.168.1.10:8080`, `http://hub.local:8080`, or the QR
 * of the operator's page (`http://192.168.1.10:8080/hub?id=…`) — as the hub's origin and, from the
 * QR, the hub id it must answer. Null when it is no address.
 */
export function parseHubAddress(text: string): { baseUrl: string; hubId?: string } | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  const hubId = url.searchParams.get('id') ?? undefined;
  return { baseUrl: url.origin, ...(hubId ? { hubId } : {}) };
}

/**
 * Asks `baseUrl/api/hub/status` whether a hub answers there (and, when `expectedHubId` is given,
 * that it is that hub). Never throws.
 */
export async function checkHub(
  fetchFn: typeof fetch,
  baseUrl: string,
  timeoutMs: number,
  expectedHubId?: string,
): Promise<HubCheck> {
  let body: unknown;
  try {
    const res = await fetchFn(`${baseUrl}/api/hub/status`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return { kind: 'unreachable' };
    body = await res.json();
  } catch {
    return { kind: 'unreachable' };
  }
  const parsed = v.safeParse(HubStatusAnswerSchema, body);
  if (!parsed.success) return { kind: 'unreachable' };
  const { mode, hubId, kecamatan } = parsed.output;
  if (mode !== 'hub' || !hubId) return { kind: 'not_hub' };
  // Another hub at the same address (the office's laptop was replaced): not the one the learner chose.
  if (expectedHubId !== undefined && hubId !== expectedHubId) return { kind: 'not_hub' };
  return { kind: 'hub', baseUrl, hubId, kecamatan: kecamatan ?? null };
}

/**
 * The context this sync run talks to: the hub set in Settings when it answers as that hub within
 * `HUB_PROBE_TIMEOUT_MS`, else the national server (`ctx` as it is). The learner never chooses.
 */
export async function chooseSyncTarget(ctx: SyncContext): Promise<SyncContext> {
  const hub = await reachableHub(ctx.db, ctx.fetch, Math.min(HUB_PROBE_TIMEOUT_MS, ctx.requestTimeoutMs));
  return hub ? { ...ctx, baseUrl: hub.baseUrl, hub: { hubId: hub.hubId } } : ctx;
}

/** The hub set on this phone when it answers now as that hub, else null (none set, or out of reach). */
export async function reachableHub(
  db: LenteraDatabase,
  fetchFn: typeof fetch,
  timeoutMs = HUB_PROBE_TIMEOUT_MS,
): Promise<HubSetting | null> {
  const hub = await readState(db, 'hub');
  if (!hub) return null;
  return (await checkHub(fetchFn, hub.baseUrl, timeoutMs, hub.hubId)).kind === 'hub' ? hub : null;
}
