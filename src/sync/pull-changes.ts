import * as v from 'valibot';
import { receiveHlc } from '../shared/sync/hlc';
import { PullResponseSchema, type PullResponse } from '../shared/sync/protocol';
import { checkServerEpoch } from './check-server-epoch';
import { mergeProgress } from './merge-progress';
import type { SyncContext } from './sync-context';

/** Pages per run: a phone back after a month pulls the rest on the next run. */
const MAX_PAGES = 20;
const HLC_STATE_KEY = 'hlc';

/**
 * Pulls a learner's changes since the saved checkpoint: ujian grades land on the phone's attempts
 * ("menunggu penilaian" becomes a score), progress from other devices is merged per field. The
 * checkpoint is saved in the same transaction as what it covers. Returns false on any failure.
 */
export async function pullChanges(ctx: SyncContext, learnerId: string, token: string): Promise<boolean> {
  const key = `pull:${learnerId}`;
  for (let page = 0; page < MAX_PAGES; page++) {
    const since = ((await ctx.db.syncState.get(key))?.value as string | undefined) ?? '0';
    let body: PullResponse;
    try {
      const res = await ctx.fetch(`${ctx.baseUrl}/api/sync/pull?since=${encodeURIComponent(since)}`, {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(ctx.requestTimeoutMs),
      });
      if (!res.ok) return false;
      body = v.parse(PullResponseSchema, await res.json());
    } catch {
      return false;
    }
    if (await checkServerEpoch(ctx.db, body.serverEpoch)) return false; // re-push first, pull from 0 next run
    await applyPull(ctx, learnerId, key, body);
    if (!body.hasMore) return true;
  }
  return true;
}

async function applyPull(ctx: SyncContext, learnerId: string, key: string, body: PullResponse): Promise<void> {
  const { db } = ctx;
  await db.transaction('rw', [db.attempts, db.progress, db.syncState], async () => {
    for (const grade of body.grades) {
      const attempt = await db.attempts.get(grade.attemptId);
      // latihan keeps the score the learner saw; only ujian waits for the server's grade.
      if (!attempt || attempt.learnerId !== learnerId || attempt.mode !== 'ujian' || !grade.graded) continue;
      await db.attempts.update(grade.attemptId, {
        gradeStatus: 'graded',
        ...(grade.score !== null && { score: grade.score }),
        ...(grade.passed !== null && { passed: grade.passed }),
      });
    }
    let clock = (await db.syncState.get(HLC_STATE_KEY))?.value as string | undefined;
    for (const change of body.progress) {
      const local = await db.progress.get([learnerId, change.courseId, change.lessonId]);
      await db.progress.put(mergeProgress(local, change, learnerId, ctx.now()));
      // Later local edits must order after what this phone has now seen.
      clock = receiveHlc(clock, change.hlc, ctx.now(), ctx.deviceId);
    }
    if (clock !== undefined) await db.syncState.put({ key: HLC_STATE_KEY, value: clock });
    // The course screens read `catalogChanged` to offer updates; they clear it after refreshing.
    const known = (await db.syncState.get('catalogVersion'))?.value;
    if (body.catalogVersion !== null && known !== body.catalogVersion) {
      await db.syncState.bulkPut([
        { key: 'catalogVersion', value: body.catalogVersion },
        { key: 'catalogChanged', value: known !== undefined },
      ]);
    }
    await db.syncState.put({ key, value: body.checkpoint });
  });
}
