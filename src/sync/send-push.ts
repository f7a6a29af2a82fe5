import * as v from 'valibot';
import { PushResponseSchema, type PushResponse } from '../shared/sync/protocol';
import type { SyncItem } from '../shared/sync/sync-item';
import { BUNDLE_SIGNATURE_HEADER } from '../shared/sync/bundle';
import { packItems } from '../shared/sync/pack-items';
import { PUSH_ANSWER_EXCEPTIONS, PUSH_ANSWER_HEADER, expandPushResults } from '../shared/sync/push-answer';
import type { WebCryptoKey } from '../shared/course/web-crypto-types';
import { gzipJson, gzipText } from './gzip-json';
import { signBundle } from './sign-bundle';
import type { SyncContext } from './sync-context';
import { requestError, type SyncError } from './sync-error';

export type PushOutcome =
  /** `packings`: the item packings the server reads (`pack-items.ts`), as its answer listed them. */
  | { kind: 'ok'; response: PushResponse; packings: readonly string[] }
  /** Network error, timeout, 429, 408, a 5xx with Retry-After, a 200 that is no push answer: try again later. */
  | { kind: 'retry'; error: SyncError; retryAfterMs: number }
  /**
   * A 5xx without Retry-After: the server tried and failed. Either it is down, or something in this
   * batch breaks it — the engine tells the two apart (`pushOutbox`).
   */
  | { kind: 'server_error'; status: number; why: string }
  /** 401: keep the items, sign in again. */
  | { kind: 'auth'; code: string }
  /** 413: the batch is too big for the server; split it. */
  | { kind: 'too_large' }
  /**
   * The server will not take this batch with the phone's key as it is (`KEY_CODES`): the items are
   * fine; register the key again (or make a new one) and resend. Never dead-letters anything.
   */
  | { kind: 'key'; code: string }
  /** Any other 4xx: the request itself is wrong and will not get better by retrying. */
  | { kind: 'refused'; status: number; code: string };

/** Refusals about the device key, not the items (docs/result-files.md). */
const KEY_CODES = new Set([
  'bundle_signature_required',
  'unknown_device',
  'device_revoked',
  'bad_bundle_signature',
  'bundle_learner_mismatch',
]);

/** The learner's signing key, once the server holds its public half. */
export interface PushSigner {
  learnerId: string;
  privateKey: WebCryptoKey;
}

/**
 * Sends one gzip batch, as a bundle signed once by the device key when `signer` is given (unsigned
 * only until the key is registered). Never throws: every way it can go wrong maps to what the engine
 * should do.
 */
export async function sendPush(
  ctx: SyncContext,
  token: string,
  items: SyncItem[],
  signer?: PushSigner,
  /** Send the items packed (`diff/1`): only to a server whose answer listed it. */
  packed = false,
): Promise<PushOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ctx.requestTimeoutMs);
  try {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
      Authorization: `Bearer ${token}`,
      // Stored items counted, not echoed one by one; a server from before answers per item anyway.
      [PUSH_ANSWER_HEADER]: PUSH_ANSWER_EXCEPTIONS,
    };
    let payload: Uint8Array<ArrayBuffer>;
    if (signer) {
      const bundle = await signBundle(
        { deviceId: ctx.deviceId, learnerId: signer.learnerId, items, createdAt: ctx.now(), packed },
        signer.privateKey,
      );
      headers[BUNDLE_SIGNATURE_HEADER] = bundle.signature;
      payload = await gzipText(bundle.text);
    } else
      payload = await gzipJson(
        packed ? { deviceId: ctx.deviceId, packed: packItems(items) } : { deviceId: ctx.deviceId, items },
      );
    const res = await ctx.fetch(`${ctx.baseUrl}/api/sync/push`, {
      method: 'POST',
      headers,
      body: payload,
      signal: controller.signal,
    });
    const body = (await res.json().catch(() => null)) as unknown;
    if (res.ok) {
      const parsed = v.safeParse(PushResponseSchema, body);
      // A 200 that is not a push answer (a captive portal, a proxy page) proves nothing was stored.
      const results = parsed.success
        ? expandPushResults(
            parsed.output,
            items.map((i) => i.id),
          )
        : null;
      return parsed.success && results
        ? {
            kind: 'ok',
            response: { serverEpoch: parsed.output.serverEpoch, results },
            packings: parsed.output.packings ?? [],
          }
        : { kind: 'retry', error: { kind: 'server', status: res.status, code: 'bad_response' }, retryAfterMs: 0 };
    }
    const code = (body as { error?: { code?: string } } | null)?.error?.code ?? `http_${res.status}`;
    if (res.status === 401) return { kind: 'auth', code };
    if (res.status === 413) return { kind: 'too_large' };
    if (KEY_CODES.has(code)) return { kind: 'key', code };
    const retryAfterHeader = res.headers.get('retry-after');
    // A server that says when to come back is overloaded or in maintenance, not choking on an item.
    if (res.status >= 500 && retryAfterHeader === null) return { kind: 'server_error', status: res.status, why: code };
    if (res.status === 429 || res.status >= 500 || res.status === 408) {
      const retryAfter = Number(retryAfterHeader);
      return {
        kind: 'retry',
        error: { kind: 'server', status: res.status, code },
        retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : 0,
      };
    }
    return { kind: 'refused', status: res.status, code };
  } catch (err) {
    return { kind: 'retry', error: requestError(err, controller.signal.aborted), retryAfterMs: 0 };
  } finally {
    clearTimeout(timer);
  }
}
