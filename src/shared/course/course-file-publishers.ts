import * as v from 'valibot';

// Which publisher keys a phone trusts for a course file it imports while offline. The national
// server is the authority on who may publish a course (it refuses a version signed with another
// key than the course's: `key_mismatch`), so while the phone is online it takes that list from
// the server and pins it; docs/course-package.md ("Trusting a course file's publisher") says why.

/** One course and the key its latest version is signed with, as `GET /api/course-publishers` lists it. */
export const CoursePublisherSchema = v.object({
  courseId: v.string(),
  /** SPKI base64, as in the signed manifest envelope. */
  publicKey: v.string(),
  withdrawn: v.boolean(),
});
export type CoursePublisher = v.InferOutput<typeof CoursePublisherSchema>;

/** The answer of `GET /api/course-publishers` (operationId listCoursePublishers). */
export const CoursePublisherListSchema = v.array(CoursePublisherSchema);

/** Why a course file's publisher is not accepted; `null` when it is. */
export type PublisherVerdict = 'untrusted_publisher' | 'course_withdrawn' | null;

/**
 * Decides whether a phone accepts a course file for `courseId` signed with `publicKey`: the key of
 * the installed version wins (as for a downloaded update); else the key the server listed for
 * that course; else, for a course the list does not name yet (published after the phone was last
 * online), any key the server lists for a live course — an account the server let publish.
 */
export function judgePublisher(
  courseId: string,
  publicKey: string,
  installedKey: string | undefined,
  publishers: readonly CoursePublisher[],
): PublisherVerdict {
  if (installedKey) return installedKey === publicKey ? null : 'untrusted_publisher';
  const listed = publishers.find((p) => p.courseId === courseId);
  if (listed) {
    if (listed.publicKey !== publicKey) return 'untrusted_publisher';
    return listed.withdrawn ? 'course_withdrawn' : null;
  }
  return publishers.some((p) => !p.withdrawn && p.publicKey === publicKey) ? null : 'untrusted_publisher';
}
