import { mediaType } from '../../cli/course/media-types';
import { sha256Hex } from '../../shared/course/bytes';
import { storeCourseFile } from '../courses/store-course-file';
import { ApiProblem } from '../http/api-problem';
import type { Queryable } from '../store/store';
import { touchDraft } from './get-draft';
import { sniffedMatches, sniffMediaType } from './sniff-media-type';

/**
 * Largest lesson file an author may upload. A phone fetches every file of a course, often over a
 * slow link, and the demo's narrated video is 1.4 MB: 5 MB leaves room and still says "too big"
 * to a camera's raw 40 MB clip (which is also over the request body limit).
 */
export const MEDIA_MAX_BYTES = 5 * 1024 * 1024;

/** What a lesson can show: images, audio, video and PDF (captions and the like come from the CLI). */
const LESSON_KINDS = /^(image\/(png|jpeg|webp|svg\+xml)|audio\/(mpeg|ogg|wav|mp4)|video\/(mp4|webm)|application\/pdf)$/;

/**
 * Stores an uploaded lesson file under `media/<name>`. The type the name gives must be one a
 * lesson can show, the declared type must agree with it, and so must the bytes themselves.
 */
export async function storeDraftMedia(
  db: Queryable,
  courseId: string,
  name: string,
  bytes: Uint8Array<ArrayBuffer>,
  declaredType: string | undefined,
): Promise<{ name: string; path: string; type: string; size: number; hash: string }> {
  await touchDraft(db, courseId);
  const type = mediaType(name);
  if (!type || !LESSON_KINDS.test(type)) {
    throw new ApiProblem(415, 'media_type_unsupported', `${name}: lessons show images, audio, video and PDF only`);
  }
  if (bytes.length === 0) throw new ApiProblem(400, 'empty_file', `${name} is empty`);
  if (bytes.length > MEDIA_MAX_BYTES) {
    throw new ApiProblem(413, 'media_too_large', `${name} is ${bytes.length} bytes; the limit is ${MEDIA_MAX_BYTES}`, {
      limit: MEDIA_MAX_BYTES,
    });
  }
  const declared = declaredType?.split(';')[0]?.trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream' && declared !== type) {
    throw new ApiProblem(415, 'media_type_mismatch', `${name} was sent as ${declared}, but its name says ${type}`);
  }
  const sniffed = await sniffMediaType(bytes);
  if (!sniffedMatches(type, sniffed)) {
    throw new ApiProblem(
      415,
      'media_type_mismatch',
      `${name} should be ${type}, but its bytes are ${sniffed ?? 'of no kind a lesson can show'}`,
      { expected: type, found: sniffed },
    );
  }
  const hash = await sha256Hex(bytes);
  await storeCourseFile(db, hash, bytes, type);
  await db.query(
    `INSERT INTO authoring_media (course_id, name, hash, type, size) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (course_id, name) DO UPDATE SET hash = $3, type = $4, size = $5`,
    [courseId, name, hash, type, bytes.length],
  );
  return { name, path: `media/${name}`, type, size: bytes.length, hash };
}
