import { uuidv7 } from '../uuidv7';
import type { LenteraDatabase } from '../../db/database';
import { enqueueOutbox } from '../../db/enqueue-outbox';
import type { ProgressRecord } from '../../db/learning-records';
import { readState, writeState, type SyncStateKey } from '../../db/sync-state';
import { tickHlc } from '../../shared/sync/hlc';

/** syncState key of the last HLC this device issued or saw; the sync engine advances it on pull. */
export const HLC_STATE_KEY = 'hlc' satisfies SyncStateKey;

export interface LessonProgressChange {
  learnerId: string;
  courseId: string;
  lessonId: string;
  completed: boolean;
  /** How far the learner scrolled, 0..1. */
  position?: number;
}

/**
 * Stores a lesson's progress and queues it for the learner's other devices, in one transaction.
 * `completed` never goes back to false (it is merged with OR); nothing is written when nothing changed.
 * @example await recordLessonProgress(db, deviceId(), { learnerId, courseId, lessonId, completed: true });
 */
export async function recordLessonProgress(
  db: LenteraDatabase,
  deviceId: string,
  change: LessonProgressChange,
  now = Date.now(),
): Promise<ProgressRecord> {
  return db.transaction('rw', [db.progress, db.outbox, db.syncState], async () => {
    const key: [string, string, string] = [change.learnerId, change.courseId, change.lessonId];
    const before = await db.progress.get(key);
    const completed = (before?.completed ?? false) || change.completed;
    const position = change.position ?? before?.position;
    if (before && before.completed === completed && before.position === position) return before;
    const hlc = tickHlc(await readState(db, HLC_STATE_KEY), now, deviceId);
    await writeState(db, HLC_STATE_KEY, hlc);
    const record: ProgressRecord = {
      learnerId: change.learnerId,
      courseId: change.courseId,
      lessonId: change.lessonId,
      completed,
      hlc,
      updatedAt: now,
      ...(position !== undefined && { position }),
    };
    await db.progress.put(record);
    await enqueueOutbox(db, {
      kind: 'progress',
      id: uuidv7(),
      learnerId: change.learnerId,
      courseId: change.courseId,
      lessonId: change.lessonId,
      completed,
      hlc,
      updatedAt: now,
      ...(position !== undefined && { position }),
    });
    return record;
  });
}
