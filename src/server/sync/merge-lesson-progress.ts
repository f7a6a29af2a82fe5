import type { ProgressItem } from '../../shared/sync/sync-item';
import type { Queryable } from '../store/store';
import { toIsoOrNull } from './check-push-item';

/**
 * Folds one progress item into `lesson_progress`, per field: `completed` by OR (once read, always
 * read), `position` by the newest HLC that carried one. Order of arrival does not matter, so
 * replays and out-of-order batches from several devices converge. `hlc` must be canonical.
 */
export async function mergeLessonProgress(db: Queryable, item: ProgressItem, hlc: string): Promise<void> {
  const hasPosition = item.position !== undefined;
  // COLLATE "C": canonical HLCs order byte-wise; a locale collation would ignore the ':' separators.
  await db.query(
    `INSERT INTO lesson_progress (learner_id, course_id, lesson_id, completed, completed_at, position, position_hlc, hlc)
     VALUES ($1, $2, $3, $4, CASE WHEN $4 THEN COALESCE($5::timestamptz, now()) END, $6, $7, $8)
     ON CONFLICT (learner_id, course_id, lesson_id) DO UPDATE SET
       completed = lesson_progress.completed OR excluded.completed,
       completed_at = COALESCE(LEAST(lesson_progress.completed_at, excluded.completed_at),
                               lesson_progress.completed_at, excluded.completed_at),
       position = CASE WHEN excluded.position_hlc IS NOT NULL AND (lesson_progress.position_hlc IS NULL
                         OR excluded.position_hlc COLLATE "C" > lesson_progress.position_hlc COLLATE "C")
                       THEN excluded.position ELSE lesson_progress.position END,
       position_hlc = CASE WHEN excluded.position_hlc IS NOT NULL AND (lesson_progress.position_hlc IS NULL
                         OR excluded.position_hlc COLLATE "C" > lesson_progress.position_hlc COLLATE "C")
                       THEN excluded.position_hlc ELSE lesson_progress.position_hlc END,
       hlc = CASE WHEN excluded.hlc COLLATE "C" > lesson_progress.hlc COLLATE "C"
                  THEN excluded.hlc ELSE lesson_progress.hlc END,
       updated_at = now(),
       change_seq = nextval('sync_change_seq')`,
    [
      item.learnerId,
      item.courseId,
      item.lessonId,
      item.completed,
      toIsoOrNull(item.updatedAt),
      hasPosition ? item.position : null,
      hasPosition ? hlc : null,
      hlc,
    ],
  );
}
