import type { Queryable } from '../store/store';
import { touchDraft } from './get-draft';

/** Saves a lesson's Markdown (new or changed); without a position a new lesson goes last. */
export async function saveDraftLesson(
  db: Queryable,
  courseId: string,
  lessonId: string,
  lesson: { markdown: string; position?: number | undefined },
): Promise<void> {
  await touchDraft(db, courseId);
  await db.query(
    `INSERT INTO authoring_lessons (course_id, id, position, markdown)
     VALUES ($1, $2, COALESCE($3::int, (SELECT COALESCE(MAX(position) + 1, 0) FROM authoring_lessons WHERE course_id = $1)), $4)
     ON CONFLICT (course_id, id) DO UPDATE SET markdown = $4, position = COALESCE($3::int, authoring_lessons.position), updated_at = now()`,
    [courseId, lessonId, lesson.position ?? null, lesson.markdown],
  );
}

/** Removes a lesson from the draft; false when it was not there. */
export async function deleteDraftLesson(db: Queryable, courseId: string, lessonId: string): Promise<boolean> {
  await touchDraft(db, courseId);
  const { rows } = await db.query(`DELETE FROM authoring_lessons WHERE course_id = $1 AND id = $2 RETURNING id`, [
    courseId,
    lessonId,
  ]);
  return rows.length > 0;
}
