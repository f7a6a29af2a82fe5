import type { Account } from '../../shared/auth-protocol';
import type { Queryable } from '../store/store';
import { CourseProblem } from './course-problem';

/**
 * Withdraws a course from the catalog by the publishing rule: an admin, or an author who published
 * a version signed with the key of its latest version. Throws 404 course_not_found or 403
 * not_course_publisher; withdrawing twice keeps the first time.
 */
export async function withdrawCourse(db: Queryable, courseId: string, account: Pick<Account, 'id' | 'role'>) {
  const { rows } = await db.query<{ own: boolean }>(
    `SELECT EXISTS (
              SELECT 1 FROM course_versions v
                JOIN course_versions l ON l.course_id = c.id AND l.version = c.latest_version
               WHERE v.course_id = c.id AND v.published_by = $2 AND v.public_key = l.public_key
            ) AS own
       FROM courses c WHERE c.id = $1`,
    [courseId, account.id],
  );
  if (!rows[0]) throw new CourseProblem(404, 'course_not_found', `No course ${courseId}`);
  if (account.role !== 'admin' && !rows[0].own) {
    throw new CourseProblem(403, 'not_course_publisher', `Course ${courseId} was published by another author`);
  }
  await db.query(`UPDATE courses SET withdrawn_at = COALESCE(withdrawn_at, now()) WHERE id = $1`, [courseId]);
}
