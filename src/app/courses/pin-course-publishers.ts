import { CoursePublisherListSchema } from '../../shared/course/course-file-publishers';
import { db } from '../../db/database';
import { apiFetch } from '../api/api-fetch';

/**
 * While there is a signal, takes the server's list of courses and their publisher keys and pins
 * it on the phone, replacing the last list (a withdrawn course is marked so): what a course file
 * imported later, offline, or a course downloaded from a hub is checked against. Offline or on any
 * failure the pinned list stays. The list is public, so the sign-in screen pins it without a token.
 */
export async function pinCoursePublishers(token?: string): Promise<void> {
  const res = await apiFetch('/api/course-publishers', CoursePublisherListSchema, token ? { token } : {});
  if (!res.ok) return;
  const pinnedAt = Date.now();
  await db.transaction('rw', db.coursePublishers, async () => {
    await db.coursePublishers.clear();
    await db.coursePublishers.bulkPut(res.data.map((p) => ({ ...p, pinnedAt })));
  });
}
