import type { ProgressItem } from '../../shared/sync/sync-item';
import type { Queryable } from '../store/store';
import { toIsoOrNull } from './check-push-item';

/**
 * Folds progress items into `lesson_progress` in one statement, per field: `completed` by OR (once
 * read, always read), `position` by the newest HLC that carried one (the first of equal HLCs, as if
 * merged one by one), `hlc` by the newest. Items of one lesson are folded together first (GROUP BY),
 * since one upsert may not touch a row twice. Order of arrival does not matter, so replays and
 * out-of-order batches from several devices converge. Each `hlc` must be canonical.
 */
export async function mergeLessonProgress(
  db: Queryable,
  items: Array<{ item: ProgressItem; hlc: string }>,
): Promise<void> {
  if (items.length === 0) return;
  const rows = items.map(({ item, hlc }, ord) => ({
    ord,
    learner_id: item.learnerId,
    course_id: item.courseId,
    lesson_id: item.lessonId,
    completed: item.completed,
    completed_at: toIsoOrNull(item.updatedAt),
    position: item.position ?? null,
    position_hlc: item.position !== undefined ? hlc : null,
    hlc,
  }));
  // COLLATE "C": canonical HLCs order byte-wise; a locale collation would ignore the ':' separators.
  await db.query(
    `INSERT INTO lesson_progress (learner_id, course_id, lesson_id, completed, completed_at, position, position_hlc, hlc)
     SELECT x.learner_id, x.course_id, x.lesson_id, bool_or(x.completed),
            min(CASE WHEN x.completed THEN COALESCE(x.completed_at, now()) END),
            (array_agg(x.position ORDER BY x.position_hlc COLLATE "C" DESC, x.ord)
               FILTER (WHERE x.position_hlc IS NOT NULL))[1],
            max(x.position_hlc COLLATE "C"), max(x.hlc COLLATE "C")
       FROM jsonb_to_recordset($1::text::jsonb) AS x(ord int, learner_id uuid, course_id text, lesson_id text,
                                                     completed boolean, completed_at timestamptz, position float8,
                                                     position_hlc text, hlc text)
      GROUP BY x.learner_id, x.course_id, x.lesson_id
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
    [JSON.stringify(rows)],
  );
}
