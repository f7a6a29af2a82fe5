import type { SyncItem } from '../../shared/sync/sync-item';
import type { Queryable } from '../store/store';
import { clientTimeOf } from './check-push-item';

/** One `sync_items` row as the push stores it (also what `bench/ingest.ts` inserts raw). */
export interface SyncItemRow {
  id: string;
  learner_id: string;
  device_id: string;
  kind: SyncItem['kind'];
  item: SyncItem;
  client_time: string | null;
  device_seq: number;
  attempt_id: string | null;
  content_hash: string;
}

/** The `sync_items` rows of checked items with their content hashes, pushed from `deviceId`. */
export function syncItemRows(items: Array<{ item: SyncItem; hash: string }>, deviceId: string): SyncItemRow[] {
  return items.map(({ item, hash }) => ({
    id: item.id,
    learner_id: item.learnerId,
    device_id: deviceId,
    kind: item.kind,
    item,
    client_time: clientTimeOf(item),
    device_seq: item.seq,
    attempt_id: item.kind === 'answer' ? item.attemptId : null,
    content_hash: hash,
  }));
}

/**
 * What `JSON.stringify(syncItemRows(items, deviceId))` gives PostgreSQL, written out directly with
 * each item's canonical JSON (`text`, made for its hash) as its `item`: the same rows, without
 * stringifying every item a second time. jsonb keeps no key order, so the stored item is the same.
 * Only for items checkPushItem passed (their ids are lower-case UUIDs): nothing here is escaped.
 */
export function syncItemRowsJson(
  items: Array<{ item: SyncItem; hash: string; text: string }>,
  deviceId: string,
): string {
  const device = JSON.stringify(deviceId);
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    const { item, hash, text } = items[i]!;
    const clientTime = clientTimeOf(item);
    // Ids are checked lower-case UUIDs, the kind a literal, the hash hex, the time ISO, `seq` a
    // whole number: none has anything JSON escapes, so each is itself in quotes (or as it prints).
    out +=
      (i ? ',{"id":"' : '{"id":"') +
      item.id +
      '","learner_id":"' +
      item.learnerId +
      '","device_id":' +
      device +
      ',"kind":"' +
      item.kind +
      '","item":' +
      text +
      ',"client_time":' +
      (clientTime === null ? 'null' : '"' + clientTime + '"') +
      ',"device_seq":' +
      item.seq +
      ',"attempt_id":' +
      (item.kind === 'answer' ? '"' + item.attemptId + '"' : 'null') +
      ',"content_hash":"' +
      hash +
      '"}';
  }
  return out + ']';
}

/**
 * One INSERT for a whole batch (`rowsJson` is `JSON.stringify` of `syncItemRows`, or `syncItemRowsJson`); returns the ids
 * it inserted. ON CONFLICT guards against a row another learner's push just added.
 */
export async function insertSyncItemRows(tx: Queryable, rowsJson: string): Promise<Set<string>> {
  const { rows: inserted } = await tx.query<{ id: string }>(
    `INSERT INTO sync_items (id, learner_id, device_id, kind, item, client_time, device_seq, attempt_id, content_hash)
     SELECT x.id, x.learner_id, x.device_id, x.kind, x.item, x.client_time, x.device_seq, x.attempt_id, x.content_hash
       FROM jsonb_to_recordset($1::text::jsonb) AS x(id uuid, learner_id uuid, device_id uuid, kind text, item jsonb,
                                                     client_time timestamptz, device_seq bigint, attempt_id uuid,
                                                     content_hash text)
     ON CONFLICT (id) DO NOTHING RETURNING id::text AS id`,
    [rowsJson],
  );
  return new Set(inserted.map((r) => r.id));
}
