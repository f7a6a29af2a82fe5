import type { CoursePublisher } from '../../shared/course/course-file-publishers';
import type { Queryable } from '../store/store';

/** Every course with the publisher key of its latest version (what a phone pins to trust course files). */
export async function listCoursePublishers(db: Queryable): Promise<CoursePublisher[]> {
  const { rows } = await db.query<{ id: string; public_key: string; withdrawn_at: unknown }>(
    `SELECT c.id, v.public_key, c.withdrawn_at
     FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.latest_version
     ORDER BY c.id`,
  );
  return rows.map((r) => ({ courseId: r.id, publicKey: r.public_key, withdrawn: r.withdrawn_at !== null }));
}
