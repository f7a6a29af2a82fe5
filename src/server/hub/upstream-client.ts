import { gzipSync } from 'node:zlib';
import type {
  HubBundlesResponse,
  HubChangesResponse,
  HubCourses,
  HubEnrolmentsRequest,
  HubEnrolmentsResponse,
  HubIdentityResponse,
  HubMirror,
  HubSelfResponse,
} from './hub-protocol';

/** How a hub reaches the national server; `fetch` is injectable so tests can route it through a fault proxy or an in-process app. */
export interface UpstreamClient {
  baseUrl: string;
  credential: string;
  fetch: typeof fetch;
}

/** The upstream answered, but not with success: `status` tells a revoked hub (401) from a busy server (5xx). */
export class UpstreamError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

const REQUEST_TIMEOUT_MS = 60_000;

async function call<T>(client: UpstreamClient, path: string, init: RequestInit = {}): Promise<T> {
  const res = await client.fetch(`${client.baseUrl}${path}`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${client.credential}` },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!res.ok) throw new UpstreamError(res.status, `${path}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return (await res.json()) as T;
}

/** `GET /api/hub/self`. */
export const fetchHubSelf = (client: UpstreamClient) => call<HubSelfResponse>(client, '/api/hub/self');

/** `POST /api/hub/identity`: the hub's identity public key (`registerHubIdentity`). */
export const postHubIdentity = (client: UpstreamClient, publicKey: string) =>
  call<HubIdentityResponse>(client, '/api/hub/identity', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ publicKey }),
  });

/** `GET /api/hub/mirror`. */
export const fetchHubMirror = (client: UpstreamClient) => call<HubMirror>(client, '/api/hub/mirror');

/** `POST /api/hub/bundles`, gzip (the uplink is the scarce part). */
export const postHubBundles = (client: UpstreamClient, bundles: Array<{ body: string; signature: string }>) =>
  call<HubBundlesResponse>(client, '/api/hub/bundles', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    body: gzipSync(JSON.stringify({ bundles })),
  });

/** `POST /api/hub/enrolments`: enrolment codes redeemed at the office. */
export const postHubEnrolments = (client: UpstreamClient, enrolments: HubEnrolmentsRequest['enrolments']) =>
  call<HubEnrolmentsResponse>(client, '/api/hub/enrolments', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ enrolments }),
  });

/** `POST /api/hub/mirror/changes`: each learner's changes after its cursor. */
export const postHubChanges = (client: UpstreamClient, cursors: Array<{ learnerId: string; since: string }>) =>
  call<HubChangesResponse>(client, '/api/hub/mirror/changes', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    body: gzipSync(JSON.stringify({ cursors })),
  });

/** `GET /api/hub/courses`. */
export const fetchHubCourses = (client: UpstreamClient) => call<HubCourses>(client, '/api/hub/courses');

/**
 * `GET /api/hub/course-files/{hash}` from byte `from` on (`Range: bytes=<from>-`), as a response
 * whose body the caller reads as it arrives (mirror-course-file.ts): never the whole file in memory.
 * `signal` is the caller's, so a stalled transfer can be ended without a limit on a long one.
 */
export async function openHubCourseFile(
  client: UpstreamClient,
  hash: string,
  from: number,
  signal: AbortSignal,
): Promise<Response> {
  const res = await client.fetch(`${client.baseUrl}/api/hub/course-files/${hash}`, {
    headers: { Authorization: `Bearer ${client.credential}`, ...(from > 0 ? { Range: `bytes=${from}-` } : {}) },
    signal,
  });
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw new UpstreamError(res.status, `course file ${hash}: ${res.status}`);
  }
  return res;
}
