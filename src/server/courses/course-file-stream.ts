import { courseFileEntries, courseFileHead, courseFileSize } from '../../shared/course/course-file';
import type { CourseManifest } from '../../shared/course/manifest';
import type { SignedManifest } from '../../shared/course/signed-manifest';
import type { Queryable } from '../store/store';
import { readFileSlice } from './read-course-file';

/** How much of one stored file leaves the database per read: a large video never sits in memory whole. */
const SLICE_BYTES = 1024 * 1024;

/**
 * A published course version as one course file (src/shared/course/course-file.ts), streamed:
 * the head, then every file read slice by slice as the client takes it (pull, so a slow link
 * holds back the reads). A file shorter in the database than its manifest says ends the stream
 * with an error, so the client never receives a silently short course file.
 */
export function courseFileStream(
  db: Queryable,
  envelope: SignedManifest,
  manifest: CourseManifest,
): { stream: ReadableStream<Uint8Array>; size: number } {
  const entries = courseFileEntries(manifest);
  let head: Uint8Array | null = courseFileHead(envelope);
  let index = 0;
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (head) {
        controller.enqueue(head);
        head = null;
        return;
      }
      // Skip empty files: a zero-byte slice would be an empty chunk, which means nothing on the wire.
      while (index < entries.length && offset >= entries[index]!.size) {
        index++;
        offset = 0;
      }
      const entry = entries[index];
      if (!entry) {
        controller.close();
        return;
      }
      const end = Math.min(offset + SLICE_BYTES, entry.size) - 1;
      const bytes = await readFileSlice(db, entry.hash, offset, end);
      if (bytes.length !== end - offset + 1) {
        controller.error(new Error(`course file ${entry.hash} is shorter in the store than its manifest says`));
        return;
      }
      controller.enqueue(bytes);
      offset = end + 1;
    },
  });
  return { stream, size: courseFileSize(envelope, manifest) };
}
