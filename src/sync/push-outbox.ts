import type { OutboxRow } from '../db/learning-records';
import { readDeviceKey } from '../db/device-key';
import { rowIds, rowItems, unfoldRow } from '../db/row-items';
import { authKey, deleteState, NO_PACKING, packingKey, readState, writeState } from '../db/sync-state';
import { PACKING_DIFF_1 } from '../shared/sync/pack-items';
import { applyPushResults } from './apply-push-results';
import { checkTargetEpoch } from './check-server-epoch';
import {
  MAX_BATCH,
  MAX_HUB_BATCH,
  MAX_PACKED_BATCH,
  MIN_BATCH,
  nextBatchSize,
  START_BATCH,
  START_PACKED_BATCH,
} from './next-batch-size';
import { probeHealth } from './probe-health';
import { recordServerError } from './record-server-error';
import { markDead, scheduleRetry } from './schedule-retry';
import { selectDueRows } from './select-due-rows';
import { sendPush, type PushSigner } from './send-push';
import { APP_VERSION, signUpDeviceKey } from './sign-up-device-key';
import type { SyncContext } from './sync-context';
import { syncErrorCode, type SyncError } from './sync-error';

export interface PushReport {
  synced: number;
  dead: number;
  /** Learners whose token the server refused (401): their items wait for a new sign-in. */
  needsSignIn: string[];
  /** Why the last batch could not be sent, when it could not. */
  lastError?: SyncError;
  epochChanged: boolean;
}

/** 5xx answers in a row before the run gives up: every halving from the largest batch to one item, and a few lone items. */
const MAX_SERVER_ERRORS_IN_A_ROW = Math.ceil(Math.log2(MAX_PACKED_BATCH)) + 3;
/** A key the server would not register (a token issued to another device) is offered again after this long. */
const KEY_RETRY_MS = 24 * 3600 * 1000;
/** Lone items failing one after the other, nothing stored in between: the server stores nothing now. */
const MAX_LONE_ERRORS_IN_A_ROW = 3;

/**
 * Drains the due part of the outbox in batches per learner, adapting the batch size to the link.
 * A failed batch stays queued with backoff; a batch the server refuses is split until the one bad
 * item is found and dead-lettered, so it never blocks the rest.
 *
 * A 5xx is split too, while `/healthz` answers: the halves go out, and an item that fails alone is
 * set aside (retried later, alone) so everything else still syncs. Only repeated evidence that the
 * item itself breaks the server sends it to the dead-letter list (`recordServerError`). An outage —
 * `/healthz` down, or nothing stored however small the batch — backs off and dead-letters nothing.
 */
export async function pushOutbox(ctx: SyncContext): Promise<PushReport> {
  const { db } = ctx;
  const report: PushReport = { synced: 0, dead: 0, needsSignIn: [], epochChanged: false };
  /**
   * Whether this server reads packed items. A server this phone has not pushed to yet is sent packed
   * items at once (a fresh phone's first day is its biggest sync); one that refuses them, or whose
   * answer lists no packing, is remembered as plain (`NO_PACKING`) and sent plain from then on. A
   * hub never offers packing. A refused packed push goes again plain at once: packing can cost one
   * request, never an item.
   */
  let knownPacking = ctx.hub ? NO_PACKING : await readState(db, packingKey(ctx.baseUrl));
  let packed = knownPacking !== NO_PACKING;
  let size = (await readState(db, 'pushBatchSize')) ?? (packed ? START_PACKED_BATCH : START_BATCH);
  const learnPacking = async (reads: boolean) => {
    packed = reads;
    const value = reads ? PACKING_DIFF_1 : NO_PACKING;
    if (ctx.hub || value === knownPacking) return;
    knownPacking = value;
    await writeState(db, packingKey(ctx.baseUrl), value);
  };
  let queue = await selectDueRows(db, ctx.now());
  const total = queue.flatMap(rowIds).length; // items: an attempt's row counts each answer it carries
  let done = 0;
  const blocked = new Set<string>();
  let serverErrorsInARow = 0;
  let loneErrorsInARow = 0;
  /** Asked once per run, at the first 5xx. */
  let healthy: boolean | undefined;
  /** The server accepted an item in this run: it can store, so a lone item's 5xx is about the item. */
  let stored = false;
  const lone: Array<{ row: OutboxRow; why: string }> = [];
  /** Per learner: the registered key to sign with, or null to push unsigned (not registered yet). */
  const signers = new Map<string, PushSigner | null>();
  const signerFor = async (learnerId: string) => {
    if (!signers.has(learnerId)) {
      const key = await readDeviceKey(db, learnerId, ctx.deviceId);
      signers.set(learnerId, key?.registeredAt ? { learnerId, privateKey: key.keyPair.privateKey } : null);
    }
    return signers.get(learnerId) ?? undefined;
  };
  /** Learners whose key was registered again in this run after a key refusal: a second one blocks them. */
  const keyRetried = new Set<string>();
  let answered = false;
  /**
   * Answers being recorded (`applyPushResults`), one after the other in answer order. Awaiting it
   * waits for all of them and throws what a failed one threw; after a failure nothing more is sent.
   */
  let applying: Promise<void> = Promise.resolve();
  let recordFailed = false;
  /** The server epoch of the last answer in this run, once checked. */
  let epochSeen: string | undefined;
  while (queue.length > 0 && !recordFailed) {
    const learnerId = queue[0]!.learnerId;
    const profile = await db.profiles.get(learnerId);
    if (!profile?.token || blocked.has(learnerId)) {
      // Nobody signed in for this learner on this phone: the rows wait, untouched.
      if (!report.needsSignIn.includes(learnerId)) report.needsSignIn.push(learnerId);
      queue = queue.filter((r) => r.learnerId !== learnerId);
      continue;
    }
    const batch = nextBatch(
      queue.filter((r) => r.learnerId === learnerId),
      Math.min(size, ctx.hub ? MAX_HUB_BATCH : packed ? MAX_PACKED_BATCH : MAX_BATCH),
    );
    const items = batch.flatMap(rowIds).length;
    const started = ctx.now();
    const outcome = await sendPush(ctx, profile.token, batch.flatMap(rowItems), await signerFor(learnerId), packed);
    const elapsedMs = ctx.now() - started;
    // Refused, or answered by a server that does not say it reads packed items (so its answer is not
    // about them): the same batch goes again plain at once.
    if (
      packed &&
      (outcome.kind === 'refused' || (outcome.kind === 'ok' && !outcome.packings.includes(PACKING_DIFF_1)))
    ) {
      await learnPacking(false);
      continue;
    }
    if (outcome.kind === 'ok') {
      await learnPacking(!ctx.hub && outcome.packings.includes(PACKING_DIFF_1));
      answered = true;
      serverErrorsInARow = 0;
      loneErrorsInARow = 0;
      stored ||= outcome.response.results.some((r) => r.status === 'accepted');
      // The answer is recorded while the next batch is on its way: the phone's write and the next
      // round trip overlap instead of adding up. Writes stay in answer order (one chain).
      const results = outcome.response.results;
      applying = applying.then(async () => {
        const applied = await applyPushResults(
          db,
          batch,
          results,
          ctx.now(),
          ctx.hub ? `hub:${ctx.hub.hubId}` : undefined,
        );
        report.synced += applied.synced;
        report.dead += applied.dead;
        done += items;
        ctx.onProgress?.(done, total);
      });
      // Awaited below; this only notes a failure before then (and keeps it from being "unhandled").
      applying.catch(() => (recordFailed = true));
      size = nextBatchSize(size, { ok: true, elapsedMs }, packed ? MAX_PACKED_BATCH : MAX_BATCH);
      remove(batch);
      await deleteState(db, authKey(learnerId));
      // The same epoch as the last answer in this run: nothing to check. Another one (or the run's
      // first answer): every earlier answer is recorded first, so a reset to pending (a restored
      // server) also covers what those batches marked synced.
      if (outcome.response.serverEpoch !== epochSeen) {
        await applying;
        epochSeen = outcome.response.serverEpoch;
        if (await checkTargetEpoch(ctx, outcome.response.serverEpoch)) {
          report.epochChanged = true;
          queue = await selectDueRows(db, ctx.now()); // everything held goes out again
        }
      }
      continue;
    }
    // Whatever goes wrong next is handled with every earlier answer recorded.
    await applying;
    if (outcome.kind === 'server_error') {
      serverErrorsInARow++;
      healthy ??= await probeHealth(ctx);
      const answering = healthy && serverErrorsInARow <= MAX_SERVER_ERRORS_IN_A_ROW;
      if (answering && items > 1) {
        await splitAttempt(batch);
        size = Math.max(MIN_BATCH, Math.floor(items / 2)); // the first half goes next
        continue;
      }
      if (answering && loneErrorsInARow < MAX_LONE_ERRORS_IN_A_ROW) {
        loneErrorsInARow++;
        lone.push({ row: batch[0]!, why: outcome.why });
        remove(batch);
        continue;
      }
      // An outage, as far as this phone can tell: keep everything, back off, end this run.
    }
    if (outcome.kind === 'key' && ctx.hub) {
      // Keys are registered with the national server only (a hub mirrors them): this learner's items
      // wait, untouched, for a sync away from the office.
      queue = queue.filter((r) => r.learnerId !== learnerId);
      continue;
    }
    if (outcome.kind === 'key') {
      // The items are fine; the key is not what the server holds. Register it (or a new one) and resend.
      const signedUp = keyRetried.has(learnerId) ? null : await signUpDeviceKey(ctx, learnerId, profile.token);
      keyRetried.add(learnerId);
      if (signedUp?.kind === 'registered') {
        signers.set(learnerId, { learnerId, privateKey: signedUp.key.keyPair.privateKey });
        continue;
      }
      if (signedUp?.kind !== 'later') {
        // Only a new sign-in helps (another key is live, or this one keeps being refused): items wait, untouched.
        blocked.add(learnerId);
        await writeState(db, authKey(learnerId), signedUp?.code ?? outcome.code);
        continue;
      }
    }
    // From the batch as sent (the cap or the rows left may have made it smaller than `size`), so a
    // retry after a refusal is really smaller.
    size = nextBatchSize(Math.min(size, items), { ok: false, elapsedMs });
    if (outcome.kind === 'auth') {
      blocked.add(learnerId);
      await writeState(db, authKey(learnerId), outcome.code);
      continue;
    }
    if ((outcome.kind === 'too_large' || outcome.kind === 'refused') && items > 1) {
      await splitAttempt(batch); // retry smaller
      continue;
    }
    if (outcome.kind === 'too_large' || outcome.kind === 'refused') {
      await markDead(db, batch[0]!, outcome.kind === 'too_large' ? 'too_large' : outcome.code);
      report.dead++;
      remove(batch);
      continue;
    }
    // Network, timeout, 5xx, 429: keep everything, back off, end this run.
    const error: SyncError =
      outcome.kind === 'retry'
        ? outcome.error
        : outcome.kind === 'key'
          ? { kind: 'network', message: outcome.code }
          : { kind: 'server', status: outcome.status, code: outcome.why };
    const retryAfterMs = outcome.kind === 'retry' ? outcome.retryAfterMs : 0;
    await scheduleRetry(db, batch, syncErrorCode(error), ctx.now(), ctx.random, retryAfterMs);
    report.lastError = error;
    break;
  }
  await applying;
  for (const { row, why } of lone) {
    // Without a stored item in the same run, a lone 5xx proves nothing about the item.
    if (!stored) await scheduleRetry(db, [row], why, ctx.now(), ctx.random);
    else if (await recordServerError(db, row, why, ctx.now(), ctx.random)) report.dead++;
  }
  await writeState(db, 'pushBatchSize', size);
  // Register keys only when the server is known to answer (a push went through, or nothing was due
  // and nothing failed), so an outage costs no extra request. This is how a phone from before device
  // keys gets one at its next sync, and a new sign-in at the sync right after it.
  // A refusal here blocks nothing: the server takes unsigned pushes while it holds no key for the
  // device, and asks for a signature (handled above) once it does. A refused key is asked again a day later.
  if (!ctx.hub && report.lastError === undefined && (answered || total === 0)) {
    for (const profile of await db.profiles.toArray()) {
      if (profile.role !== 'learner' || !profile.token || blocked.has(profile.id)) continue;
      const key = await readDeviceKey(db, profile.id, ctx.deviceId);
      // Registered by this app version: nothing to tell. After an app update it registers again (200), so
      // staff see the version the phone runs.
      if (key?.registeredAt && key.appVersion === APP_VERSION) continue;
      if (key?.refused && ctx.now() - key.refused.at < KEY_RETRY_MS) continue;
      if ((await signUpDeviceKey(ctx, profile.id, profile.token)).kind === 'later') break; // next sync
    }
  }
  return report;

  /**
   * A batch that has to be split but is one attempt's row (its answers folded in): its items become
   * rows of their own first, so halving can still find the one bad item. A row changed meanwhile
   * (synced, or reset by a restored server) is left as it is and dropped from this run's queue.
   */
  async function splitAttempt(batch: OutboxRow[]) {
    const [row] = batch;
    if (batch.length > 1 || !row?.answers) return;
    const parts = await db.transaction('rw', db.outbox, async () => {
      const current = await db.outbox.get(row.seq);
      if (current?.state !== 'pending') return [];
      const split = unfoldRow(current);
      await db.outbox.bulkPut(split);
      return split;
    });
    queue = queue.flatMap((r) => (r.seq === row.seq ? parts : [r]));
  }

  function remove(batch: OutboxRow[]) {
    const sent = new Set(batch.map((r) => r.seq));
    queue = queue.filter((r) => !sent.has(r.seq));
  }
}

/**
 * The learner's next batch of about `size` items, oldest first, whole rows (at least one). An item
 * that already failed alone with a 5xx goes alone again, so it can neither fail a batch of good
 * items nor hide among them.
 */
function nextBatch(rows: OutboxRow[], size: number): OutboxRow[] {
  if (rows[0]?.serverErrors) return [rows[0]];
  // The running count only grows: once a row no longer fits, none after it does.
  let items = 0;
  return rows.filter((r) => !r.serverErrors).filter((r, i) => (items += rowIds(r).length) <= size || i === 0);
}
