import * as v from 'valibot';
import { pullKey, readState, writeState } from '../db/sync-state';
import { receiveHlc } from '../shared/sync/hlc';
import { PullResponseSchema, type GradeChange, type PullResponse } from '../shared/sync/protocol';
import type { AttemptRecord } from '../db/learning-records';
import { checkTargetEpoch } from './check-server-epoch';
import { mergeProgress } from './merge-progress';
import type { SyncContext } from './sync-context';
import { requestError, type SyncError } from './sync-error';

/** Pages per run: a phone back after a month pulls the rest on the next run. */
const MAX_PAGES = 20;

export type PullOutcome =
  /** Everything up to the server's checkpoint is on the phone (or the rest waits for the next run's pages). */
  | { kind: 'done' }
  /** The server was restored: everything held goes out again first, and the next run pulls from 0. */
  | { kind: 'epoch_changed' }
  /** The pull stopped; what was applied before stays, with its checkpoint. */
  | { kind: 'failed'; error: SyncError };

/**
 * Pulls a learner's changes since the saved checkpoint: ujian grades land on the phone's attempts
 * ("menunggu penilaian" becomes a score), progress from other devices is merged per field. The
 * checkpoint is saved in the same transaction as what it covers. Never throws for the network.
 */
export async function pullChanges(ctx: SyncContext, learnerId: string, token: string): Promise<PullOutcome> {
  // One checkpoint, wherever the pull goes: a hub answers with the national server's checkpoints
  // (docs/hub.md), so moving between the office and home neither skips nor repeats a change.
  const key = pullKey(learnerId);
  for (let page = 0; page < MAX_PAGES; page++) {
    const since = (await readState(ctx.db, key)) ?? '0';
    let res: Response;
    try {
      res = await ctx.fetch(`${ctx.baseUrl}/api/sync/pull?since=${encodeURIComponent(since)}`, {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(ctx.requestTimeoutMs),
      });
    } catch (err) {
      return { kind: 'failed', error: requestError(err, false) };
    }
    const json = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) {
      const code = (json as { error?: { code?: string } } | null)?.error?.code ?? `http_${res.status}`;
      return { kind: 'failed', error: { kind: 'server', status: res.status, code } };
    }
    const parsed = v.safeParse(PullResponseSchema, json);
    if (!parsed.success) return { kind: 'failed', error: { kind: 'server', status: res.status, code: 'bad_response' } };
    const body = parsed.output;
    if (await checkTargetEpoch(ctx, body.serverEpoch)) return { kind: 'epoch_changed' };
    await applyPull(ctx, learnerId, key, body);
    if (!body.hasMore) return { kind: 'done' };
  }
  return { kind: 'done' };
}

async function applyPull(
  ctx: SyncContext,
  learnerId: string,
  key: ReturnType<typeof pullKey>,
  body: PullResponse,
): Promise<void> {
  const { db } = ctx;
  await db.transaction('rw', [db.attempts, db.progress, db.syncState, db.certificates, db.issuerKeys], async () => {
    for (const grade of body.grades) {
      const attempt = await db.attempts.get(grade.attemptId);
      // latihan keeps the score the learner saw; only ujian waits for the server's grade.
      if (!attempt || attempt.learnerId !== learnerId || attempt.mode !== 'ujian' || !grade.graded) continue;
      await db.attempts.put(gradedAttempt(attempt, grade));
    }
    let clock = await readState(db, 'hlc');
    for (const change of body.progress) {
      const local = await db.progress.get([learnerId, change.courseId, change.lessonId]);
      await db.progress.put(mergeProgress(local, change, learnerId, ctx.now()));
      // Later local edits must order after what this phone has now seen.
      clock = receiveHlc(clock, change.hlc, ctx.now(), ctx.deviceId);
    }
    if (clock !== undefined) await writeState(db, 'hlc', clock);
    await storeCertificates(db, learnerId, body, ctx.now());
    // From the national server only (a hub sends none): the kecamatan's hub keys, revocations
    // included; merged, since learners of another kecamatan may share the phone.
    if (body.hubKeys && !ctx.hub) {
      const known = (await readState(db, 'hubKeys')) ?? {};
      await writeState(db, 'hubKeys', { ...known, ...Object.fromEntries(body.hubKeys.map((h) => [h.hubId, h.key])) });
    }
    await writeState(db, key, body.checkpoint);
  });
}

/** The learner's certificates (issued or revoked) and the issuer keys to pin: added, never replaced. */
async function storeCertificates(db: SyncContext['db'], learnerId: string, body: PullResponse, now: number) {
  for (const change of body.certificates ?? []) await db.certificates.put({ ...change, learnerId });
  for (const key of body.issuerKeys ?? []) {
    if (!(await db.issuerKeys.get(key.kid))) await db.issuerKeys.add({ ...key, pinnedAt: now });
  }
}

/**
 * The attempt with the server's grade: its score and verdict, or — past the quiz's attempt limit —
 * no score at all (one shown before an earlier-started attempt from another phone arrived is
 * withdrawn); and its review once the quiz's policy lets the keys come.
 */
function gradedAttempt(attempt: AttemptRecord, grade: GradeChange): AttemptRecord {
  if (grade.overLimit) {
    const { score: _score, passed: _passed, ...rest } = attempt;
    return { ...rest, gradeStatus: 'graded', overLimit: true };
  }
  return {
    ...attempt,
    gradeStatus: 'graded',
    ...(grade.score !== null && { score: grade.score }),
    ...(grade.passed !== null && { passed: grade.passed }),
    ...(grade.review && { review: grade.review }),
  };
}
