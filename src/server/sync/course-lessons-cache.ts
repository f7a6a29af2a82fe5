import type { Queryable } from '../store/store';
import { jsonbValue } from '../store/jsonb-value';

/**
 * Looks each course up once per batch: null when there is no such course, otherwise the ids of
 * every lesson of every published version of it (a phone may still be on an older version).
 * Withdrawn courses are still known: work done before the withdrawal is real and is kept.
 */
export function courseLessonsCache(db: Queryable): (courseId: string) => Promise<Set<string> | null> {
  const seen = new Map<string, Promise<Set<string> | null>>();
  return (courseId) => {
    let found = seen.get(courseId);
    if (!found) {
      found = readCourseLessons(db, courseId);
      seen.set(courseId, found);
    }
    return found;
  };
}

async function readCourseLessons(db: Queryable, courseId: string): Promise<Set<string> | null> {
  const { rows } = await db.query<{ lessons: unknown }>(
    `SELECT coalesce((
         SELECT jsonb_agg(DISTINCT l.value ->> 'id')
           FROM course_versions cv
           CROSS JOIN LATERAL jsonb_array_elements(coalesce(cv.manifest -> 'modules', '[]')) m
           CROSS JOIN LATERAL jsonb_array_elements(coalesce(m.value -> 'lessons', '[]')) l
          WHERE cv.course_id = c.id), '[]') AS lessons
       FROM courses c WHERE c.id = $1`,
    [courseId],
  );
  const row = rows[0];
  if (!row) return null;
  const lessons = jsonbValue<Array<string | null>>(row.lessons);
  return new Set(lessons.filter((id): id is string => typeof id === 'string'));
}
