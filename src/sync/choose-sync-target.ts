import * as v from 'valibot';
import { localNetworkInit } from '../shared/hub/local-network-init';
import type { LenteraDatabase } from '../db/database';
import { readState, type HubSetting } from '../db/sync-state';
import { newHubChallenge, verifyHubProof } from '../shared/hub/hub-identity-proof';
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
  identityKey: v.optional(v.string()),
  signature: v.optional(v.string()),
});

export type HubCheck =
  | {
      kind: 'hub';
      baseUrl: string;
      hubId: string;
      kecamatan: { code: string; name: string } | null;
      /** The key fingerprint its answer was verified against. */
      keyFingerprint: string;
    }
  /**
   * It answers as the hub, but not signed by the key the phone pinned (or the phone knows no key
   * for it yet, or the national server revoked it): nothing is sent there.
   */
  | { kind: 'not_trusted' }
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
export function parseHubAddress(text: string): { baseUrl: string; hubId?: string; keyFingerprint?: string } | null {
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
  const keyFingerprint = url.searchParams.get('k') ?? undefined;
  return { baseUrl: url.origin, ...(hubId ? { hubId } : {}), ...(keyFingerprint ? { keyFingerprint } : {}) };
}

/** What a probe must find: the hub's id and the key it must sign with (docs/hub.md, "Trust"). */
export interface HubExpectation {
  /** The hub id it must answer (the QR's, or the stored one). */
  hubId?: string | undefined;
  /** The key fingerprint pinned on this phone (QR `k=`); wins over `knownKeys`. */
  keyFingerprint?: string | undefined;
  /** The national pull's fingerprints of the kecamatan's hubs (`null`: revoked, never trusted). */
  knownKeys?: Record<string, string | null> | undefined;
}

/**
 * Asks `baseUrl/api/hub/status` with a fresh challenge whether a hub answers there, that it is the
 * expected one, and that its answer is signed by the pinned key. Only a `hub` answer may be sent a
 * token or a code. Never throws.
 */
export async function checkHub(
  fetchFn: typeof fetch,
  baseUrl: string,
  timeoutMs: number,
  expected: HubExpectation = {},
): Promise<HubCheck> {
  const challenge = newHubChallenge();
  let body: unknown;
  try {
    // No Authorization header, ever: the hub is not trusted yet.
    const url = `${baseUrl}/api/hub/status?challenge=${challenge}`;
    const res = await fetchFn(url, localNetworkInit(url, { signal: AbortSignal.timeout(timeoutMs) }));
    if (!res.ok) return { kind: 'unreachable' };
    body = await res.json();
  } catch {
    return { kind: 'unreachable' };
  }
  const parsed = v.safeParse(HubStatusAnswerSchema, body);
  if (!parsed.success) return { kind: 'unreachable' };
  const { mode, hubId, kecamatan, identityKey, signature } = parsed.output;
  if (mode !== 'hub' || !hubId) return { kind: 'not_hub' };
  // Another hub at the same address (the office's laptop was replaced): not the one the learner chose.
  if (expected.hubId !== undefined && hubId !== expected.hubId) return { kind: 'not_hub' };
  const known = expected.knownKeys?.[hubId];
  // Revoked by the national server: not even a pinned key makes it trusted again.
  if (known === null) return { kind: 'not_trusted' };
  // The national server is the authority on a hub's key (the first one it registered). A QR or
  // link naming another key for the same hub id is a swapped sticker or an impostor's /hub page,
  // not a reason to trust that key: refuse until both agree.
  if (known !== undefined && expected.keyFingerprint !== undefined && known !== expected.keyFingerprint) {
    return { kind: 'not_trusted' };
  }
  const pinned = expected.keyFingerprint ?? known;
  if (pinned === undefined || identityKey === undefined || signature === undefined) return { kind: 'not_trusted' };
  const ok = await verifyHubProof({ pinnedFingerprint: pinned, publicKey: identityKey, signature, hubId, challenge });
  if (!ok) return { kind: 'not_trusted' };
  return { kind: 'hub', baseUrl, hubId, kecamatan: kecamatan ?? null, keyFingerprint: pinned };
}

/**
 * The context this sync run talks to: the hub set in Settings when it answers as that hub within
 * `HUB_PROBE_TIMEOUT_MS`, else the national server (`ctx` as it is). The learner never chooses.
 */
export async function chooseSyncTarget(ctx: SyncContext): Promise<SyncContext> {
  const hub = await reachableHub(ctx.db, ctx.fetch, Math.min(HUB_PROBE_TIMEOUT_MS, ctx.requestTimeoutMs));
  return hub ? { ...ctx, baseUrl: hub.baseUrl, hub: { hubId: hub.hubId } } : ctx;
}

/**
 * The hub set on this phone when it answers now as that hub, signed by its pinned key; else null
 * (none set, out of reach, or not trusted). Every path that sends a hub a token or a code — sync,
 * sign-in, catalog, downloads — asks this first.
 */
export async function reachableHub(
  db: LenteraDatabase,
  fetchFn: typeof fetch,
  timeoutMs = HUB_PROBE_TIMEOUT_MS,
): Promise<HubSetting | null> {
  const probe = await probeStoredHub(db, fetchFn, timeoutMs);
  return probe?.check.kind === 'hub' ? probe.hub : null;
}

/** The stored hub and what a probe of it finds now (Settings shows `not_trusted`); null when none is set. */
export async function probeStoredHub(
  db: LenteraDatabase,
  fetchFn: typeof fetch,
  timeoutMs = HUB_PROBE_TIMEOUT_MS,
): Promise<{ hub: HubSetting; check: HubCheck } | null> {
  const hub = await readState(db, 'hub');
  if (!hub) return null;
  const knownKeys = await readState(db, 'hubKeys');
  const check = await checkHub(fetchFn, hub.baseUrl, timeoutMs, {
    hubId: hub.hubId,
    keyFingerprint: hub.keyFingerprint,
    knownKeys,
  });
  return { hub, check };
}
