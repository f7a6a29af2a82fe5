import type { ProgressRecord } from '../db/learning-records';
import { compareHlc } from '../shared/sync/hlc';
import type { ProgressChange } from '../shared/sync/protocol';

/**
 * Merges the server's view of a lesson into the phone's, per field: `completed` by OR (monotone),
 * `position` from whichever edit has the newer hybrid logical clock (device id breaks ties).
 * Idempotent and order-free, so replays and late pulls cannot undo anything.
 * @example mergeProgress(local, { courseId, lessonId, completed: true, position: 0.4, positionHlc, hlc }, learnerId)
 */
export function mergeProgress(
  local: ProgressRecord | undefined,
  remote: ProgressChange,
  learnerId: string,
  now: number,
): ProgressRecord {
  // The phone carries its position forward on every edit, so its own position is as new as its hlc.
  const remoteWinsPosition =
    remote.positionHlc !== null && (local?.position === undefined || compareHlc(remote.positionHlc, local.hlc) > 0);
  const position = remoteWinsPosition ? (remote.position ?? undefined) : local?.position;
  const hlc = !local || compareHlc(remote.hlc, local.hlc) > 0 ? remote.hlc : local.hlc;
  return {
    learnerId,
    courseId: remote.courseId,
    lessonId: remote.lessonId,
    completed: (local?.completed ?? false) || remote.completed,
    hlc,
    updatedAt: local && hlc === local.hlc ? local.updatedAt : now,
    ...(position !== undefined && { position }),
  };
}
