// One push the way a phone sends it (gzip JSON, bearer token) to the real endpoint over loopback.
import { gzipSync } from 'node:zlib';
import type { PushResponse } from '../src/shared/sync/protocol';
import type { SyncItem } from '../src/shared/sync/sync-item';

export interface PreparedPush {
  token: string;
  body: Uint8Array;
  count: number;
}

/** Encodes a batch ahead of the timed loop, so the timing is the server's work plus the loopback. */
export function preparePush(token: string, deviceId: string, items: SyncItem[]): PreparedPush {
  return { token, body: gzipSync(JSON.stringify({ deviceId, items })), count: items.length };
}

/** Sends one prepared push; returns the per-status counts, or throws on a non-200 answer. */
export async function sendPrepared(baseUrl: string, push: PreparedPush): Promise<Record<string, number>> {
  const res = await fetch(`${baseUrl}/api/sync/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', Authorization: `Bearer ${push.token}` },
    body: push.body as BodyInit,
  });
  if (res.status !== 200) throw new Error(`push answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const body = (await res.json()) as PushResponse;
  if (body.results.length !== push.count) throw new Error(`push answered ${body.results.length} of ${push.count}`);
  const counts: Record<string, number> = {};
  for (const r of body.results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}
