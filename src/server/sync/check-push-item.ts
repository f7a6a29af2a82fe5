import * as v from 'valibot';
import type { Account } from '../../shared/auth-protocol';
import { findUnstorable, isStorableText } from '../../shared/sync/find-unstorable';
import { formatHlc, parseHlc } from '../../shared/sync/hlc';
import type { PushItemResult } from '../../shared/sync/protocol';
import { SyncItemSchema, type SyncItem } from '../../shared/sync/sync-item';
import { parsePlainItem } from './parse-plain-item';

export type CheckedItem = { ok: true; item: SyncItem; hlc?: string } | { ok: false; result: PushItemResult };

/**
 * Checks one pushed item on its own, before the database: storable values, shape, ownership and
 * clock format. A bad item becomes `rejected` with a reason; it never fails the rest of the batch.
 * The parsed item has canonical (lower-case) ids.
 */
export function checkPushItem(raw: unknown, index: number, account: Account): CheckedItem {
  // The items phones send are checked by hand; anything else (every item that will be refused
  // among them) gets the full checks, whose verdict and detail the phone is answered with.
  return checkItem(raw, index, account, parsePlainItem(raw));
}

/**
 * `checkPushItem` without the hand-checked path: the full checks for every item. Its verdicts are
 * the reference the hand-checked path must agree with (src/server/sync/parse-plain-item.test.ts).
 */
export function checkPushItemFully(raw: unknown, index: number, account: Account): CheckedItem {
  return checkItem(raw, index, account, undefined);
}

/** The checks after parsing; `plain` is the hand-checked item, undefined for the full checks. */
function checkItem(raw: unknown, index: number, account: Account, plain: SyncItem | undefined): CheckedItem {
  let item = plain;
  if (item === undefined) {
    // Before the schema, over the raw value: every string, key and number, whatever the item's kind.
    // Such a value would otherwise fail the batch's INSERT (a 5xx the phone retries for ever).
    const unstorable = findUnstorable(raw);
    if (unstorable) return rejected(raw, index, 'invalid_item', unstorable);
    const parsed = v.safeParse(SyncItemSchema, raw);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
      return rejected(raw, index, 'invalid_item', `${path ? `${path}: ` : ''}${issue.message}`);
    }
    item = parsed.output;
  }
  if (!Number.isSafeInteger(item.seq)) return rejected(raw, index, 'invalid_item', 'seq: too large');
  if (item.learnerId !== account.id) {
    return rejected(raw, index, 'forbidden', 'Items may only be pushed by the learner they belong to');
  }
  if (item.kind === 'attempt' && item.attemptId !== item.id) {
    return rejected(raw, index, 'invalid_item', 'attemptId must equal the attempt item id');
  }
  if (item.kind === 'progress') {
    try {
      const h = parseHlc(item.hlc);
      if (!Number.isSafeInteger(h.wallMs) || h.wallMs < 0 || !Number.isSafeInteger(h.counter) || h.counter < 0) {
        throw new Error('out of range');
      }
      // Stored in canonical (zero-padded) form so text order equals clock order.
      return { ok: true, item, hlc: formatHlc(h) };
    } catch {
      return rejected(raw, index, 'invalid_hlc', `Malformed hybrid logical clock: ${item.hlc.slice(0, 100)}`);
    }
  }
  return { ok: true, item };
}

/** A refusal of `raw`, named by its id when it has a usable one. */
function rejected(
  raw: unknown,
  index: number,
  reason: NonNullable<PushItemResult['reason']>,
  detail: string,
): CheckedItem {
  const id =
    raw &&
    typeof raw === 'object' &&
    typeof (raw as { id?: unknown }).id === 'string' &&
    isStorableText((raw as { id: string }).id)
      ? (raw as { id: string }).id
      : null;
  return { ok: false, result: { index, id, status: 'rejected', reason, detail } };
}

/** The client's own time of an item as an ISO string, or null when it cannot be a date (never a rejection). */
export function clientTimeOf(item: SyncItem): string | null {
  const ms = item.kind === 'answer' ? item.answeredAt : item.kind === 'attempt' ? item.finishedAt : item.updatedAt;
  return toIsoOrNull(ms);
}

/** Milliseconds to ISO, or null outside years 1970–9999 (a phone's clock may be anything). */
export function toIsoOrNull(ms: number): string | null {
  return Number.isFinite(ms) && ms >= 0 && ms <= 253_402_300_799_999 ? new Date(ms).toISOString() : null;
}
