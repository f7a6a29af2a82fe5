import { readState, reconciledAtKey, writeState } from '../db/sync-state';
import { chooseSyncTarget } from './choose-sync-target';
import { confirmHeld } from './confirm-held';
import { pruneSynced } from './prune-synced';
import { pullChanges } from './pull-changes';
import { pushOutbox, type PushReport } from './push-outbox';
import { reconcileOutbox } from './reconcile-outbox';
import { runExclusive } from './run-exclusive';
import type { SyncContext } from './sync-context';

/** Once a day is enough to find what a restored server lost without telling us. */
const RECONCILE_EVERY_MS = 24 * 3600 * 1000;
/** Rounds of push: each round picks up rows written (or re-queued) while the last one ran. */
const MAX_ROUNDS = 5;

export interface SyncReport extends PushReport {
  /** False when another tab or the service worker was already syncing. */
  ran: boolean;
  pulled: boolean;
  finishedAt: number;
}

/**
 * One full sync, at most one at a time per device: push what is due, pull grades and progress for
 * every signed-in learner, reconcile once a day (what was synced before this run), prune old synced rows.
 * @example await syncOnce(browserSyncContext(db, deviceId()))
 */
export async function syncOnce(ctx: SyncContext): Promise<SyncReport> {
  const result = await runExclusive(ctx.db.name, () => syncLocked(ctx));
  return (
    result ?? {
      ran: false,
      pulled: false,
      synced: 0,
      dead: 0,
      needsSignIn: [],
      epochChanged: false,
      finishedAt: ctx.now(),
    }
  );
}

async function syncLocked(national: SyncContext): Promise<SyncReport> {
  // At the office the hub takes the whole run; elsewhere (or when it does not answer) the national server.
  const ctx = await chooseSyncTarget(national);
  const { db } = ctx;
  const startedAt = ctx.now();
  const report: SyncReport = {
    ran: true,
    pulled: true,
    synced: 0,
    dead: 0,
    needsSignIn: [],
    epochChanged: false,
    finishedAt: 0,
  };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const pushed = await pushOutbox(ctx);
    report.synced += pushed.synced;
    report.dead += pushed.dead;
    report.needsSignIn = [...new Set([...report.needsSignIn, ...pushed.needsSignIn])];
    report.epochChanged ||= pushed.epochChanged;
    if (pushed.lastError !== undefined) report.lastError = pushed.lastError;
    if (pushed.lastError !== undefined || (pushed.synced === 0 && pushed.dead === 0 && !pushed.epochChanged)) break;
  }
  if (report.lastError === undefined) {
    for (const profile of await db.profiles.toArray()) {
      // Operators and monitors have no learning records to pull; their sync endpoints answer 403.
      if (profile.role !== 'learner' || !profile.token || report.needsSignIn.includes(profile.id)) continue;
      report.pulled = (await pullChanges(ctx, profile.id, profile.token)).kind === 'done' && report.pulled;
      if (!ctx.hub) {
        // What a hub held and has since forwarded is confirmed here, without sending it again.
        await confirmHeld(ctx, profile.id, profile.token).catch(() => 0);
      }
      const lastKey = reconciledAtKey(profile.id);
      const last = (await readState(db, lastKey)) ?? 0;
      // Reconcile guards against a restored national server; a hub knows only what passed through it.
      if (!ctx.hub && ctx.now() - last >= RECONCILE_EVERY_MS) {
        try {
          if ((await reconcileOutbox(ctx, profile.id, profile.token, startedAt)) > 0) {
            const again = await pushOutbox(ctx);
            report.synced += again.synced;
          }
          await writeState(db, lastKey, ctx.now());
        } catch {
          // No signal mid-reconcile: try again next run.
        }
      }
    }
  } else {
    report.pulled = false;
  }
  await pruneSynced(db, ctx.now());
  report.finishedAt = ctx.now();
  if (report.lastError === undefined && report.needsSignIn.length === 0) {
    await writeState(db, 'lastSuccessAt', report.finishedAt);
  }
  return report;
}
