import type { OutboxRow } from '../db/learning-records';
import { applyPushResults } from './apply-push-results';
import { checkServerEpoch } from './check-server-epoch';
import { nextBatchSize, START_BATCH } from './next-batch-size';
import { markDead, scheduleRetry } from './schedule-retry';
import { selectDueRows } from './select-due-rows';
import { sendPush } from './send-push';
import type { SyncContext } from './sync-context';

export interface PushReport {
  synced: number;
  dead: number;
  /** Learners whose token the server refused (401): their items wait for a new sign-in. */
  needsSignIn: string[];
  /** Why the last batch could not be sent, when it could not. */
  lastError?: string;
  epochChanged: boolean;
}

const BATCH_KEY = 'pushBatchSize';

/**
 * Drains the due part of the outbox in batches per learner, adapting the batch size to the link.
 * A failed batch stays queued with backoff; a batch the server refuses is split until the one bad
 * item is found and dead-lettered, so it never blocks the rest.
 */
export async function pushOutbox(ctx: SyncContext): Promise<PushReport> {
  const { db } = ctx;
  const report: PushReport = { synced: 0, dead: 0, needsSignIn: [], epochChanged: false };
  let size = ((await db.syncState.get(BATCH_KEY))?.value as number | undefined) ?? START_BATCH;
  let queue = await selectDueRows(db, ctx.now());
  const total = queue.length;
  let done = 0;
  const blocked = new Set<string>();
  while (queue.length > 0) {
    const learnerId = queue[0]!.learnerId;
    const profile = await db.profiles.get(learnerId);
    if (!profile?.token || blocked.has(learnerId)) {
      // Nobody signed in for this learner on this phone: the rows wait, untouched.
      if (!report.needsSignIn.includes(learnerId)) report.needsSignIn.push(learnerId);
      queue = queue.filter((r) => r.learnerId !== learnerId);
      continue;
    }
    const batch = queue.filter((r) => r.learnerId === learnerId).slice(0, size);
    const started = ctx.now();
    const outcome = await sendPush(
      ctx,
      profile.token,
      batch.map((r) => r.item),
    );
    const elapsedMs = ctx.now() - started;
    if (outcome.kind === 'ok') {
      const applied = await applyPushResults(db, batch, outcome.response.results, ctx.now());
      report.synced += applied.synced;
      report.dead += applied.dead;
      done += batch.length;
      ctx.onProgress?.(done, total);
      size = nextBatchSize(size, { ok: true, elapsedMs });
      remove(batch);
      await db.syncState.delete(`auth:${learnerId}`);
      if (await checkServerEpoch(db, outcome.response.serverEpoch)) {
        report.epochChanged = true;
        queue = await selectDueRows(db, ctx.now()); // everything held goes out again
      }
      continue;
    }
    size = nextBatchSize(size, { ok: false, elapsedMs });
    if (outcome.kind === 'auth') {
      blocked.add(learnerId);
      await db.syncState.put({ key: `auth:${learnerId}`, value: outcome.code });
      continue;
    }
    if ((outcome.kind === 'too_large' || outcome.kind === 'refused') && batch.length > 1) continue; // retry smaller
    if (outcome.kind === 'too_large' || outcome.kind === 'refused') {
      await markDead(db, batch[0]!, outcome.kind === 'too_large' ? 'too_large' : outcome.code);
      report.dead++;
      remove(batch);
      continue;
    }
    // Network, timeout, 5xx, 429: keep everything, back off, end this run.
    await scheduleRetry(db, batch, outcome.why, ctx.now(), ctx.random, outcome.retryAfterMs);
    report.lastError = outcome.why;
    break;
  }
  await db.syncState.put({ key: BATCH_KEY, value: size });
  return report;

  function remove(batch: OutboxRow[]) {
    const sent = new Set(batch.map((r) => r.seq));
    queue = queue.filter((r) => !sent.has(r.seq));
  }
}
