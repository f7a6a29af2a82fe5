// One push the way a phone sends it (gzip JSON, packed items, bearer token, short answer) to the real endpoint over loopback.
import { gzipSync } from 'node:zlib';
import type { PushResponse } from '../src/shared/sync/protocol';
import type { SyncItem } from '../src/shared/sync/sync-item';
import { packItems } from '../src/shared/sync/pack-items';
import { PUSH_ANSWER_EXCEPTIONS, PUSH_ANSWER_HEADER } from '../src/shared/sync/push-answer';

export interface PreparedPush {
  token: string;
  body: Uint8Array;
  count: number;
}

/** Encodes a batch ahead of the timed loop, so the timing is the server's work plus the loopback. */
export function preparePush(token: string, deviceId: string, items: SyncItem[]): PreparedPush {
  // Packed, as the phone sends it to a server that reads packed items (src/shared/sync/pack-items.ts).
  return { token, body: gzipSync(JSON.stringify({ deviceId, packed: packItems(items) })), count: items.length };
}

/** Sends one prepared push; returns the per-status counts, or throws on a non-200 answer. */
export async function sendPrepared(baseUrl: string, push: PreparedPush): Promise<Record<string, number>> {
  const res = await fetch(`${baseUrl}/api/sync/push`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
      Authorization: `Bearer ${push.token}`,
      // The short answer the phone asks for: stored items counted, not echoed (push-answer.ts).
      [PUSH_ANSWER_HEADER]: PUSH_ANSWER_EXCEPTIONS,
    },
    body: push.body as BodyInit,
  });
  if (res.status !== 200) throw new Error(`push answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const body = (await res.json()) as PushResponse;
  const counts: Record<string, number> = { accepted: body.accepted ?? 0, duplicate: body.duplicate ?? 0 };
  for (const r of body.results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  const answered = Object.values(counts).reduce((a, b) => a + b, 0);
  if (answered !== push.count) throw new Error(`push answered ${answered} of ${push.count}`);
  return counts;
}
