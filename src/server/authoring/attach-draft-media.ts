import { courseFileBody } from '../courses/course-file-body';
import { readFileSlice } from '../courses/read-course-file';
import { ApiProblem } from '../http/api-problem';
import type { Queryable } from '../store/store';
import {
  lessonMediaType,
  recordDraftMedia,
  refuseMediaSize,
  refuseSniffed,
  type DraftMedia,
} from './draft-media-checks';
import { touchDraft } from './get-draft';
import { SVG_HEAD_BYTES, sniffMediaStream } from './sniff-media-type';

/**
 * Lists a file the author stored through the resumable upload (start → chunks → complete) in the
 * draft as `media/<name>`, with the checks of a one-request upload: the name's type is one a
 * lesson can show, the declared type agrees, the size is within the limit, and the stored bytes'
 * own signature agrees, read from the file's first bytes as a stream, never the whole file.
 * A hash the server does not hold is 404 `file_not_found`, or 409 `upload_incomplete`
 * (details.offset) while this account's upload of it is still under way.
 * @example await attachDraftMedia(store, 'kursus', { name: 'video.mp4', sha256, type: 'video/mp4' }, account.id)
 */
export async function attachDraftMedia(
  db: Queryable,
  courseId: string,
  file: { name: string; sha256: string; type?: string | undefined },
  accountId: string,
): Promise<DraftMedia> {
  await touchDraft(db, courseId);
  const type = lessonMediaType(file.name, file.type);
  const { rows } = await db.query<{ size: string | number }>(`SELECT size FROM course_files WHERE hash = $1`, [
    file.sha256,
  ]);
  if (!rows[0]) throw await notStored(db, file.sha256, accountId);
  const size = Number(rows[0].size);
  refuseMediaSize(file.name, size);
  const head = await readFileSlice(db, file.sha256, 0, Math.min(size, SVG_HEAD_BYTES) - 1);
  const body = courseFileBody(db, file.sha256, 0, size - 1);
  try {
    refuseSniffed(file.name, type, await sniffMediaStream(body, head));
  } finally {
    // file-type stops reading once it knows; nothing more should leave the database.
    await body.cancel().catch(() => undefined);
  }
  // A browser that could not name the type started the upload as octet-stream; the bytes are now
  // known to be `type`, which is what `/api/course-files` should answer with.
  await db.query(`UPDATE course_files SET type = $2 WHERE hash = $1 AND type = 'application/octet-stream'`, [
    file.sha256,
    type,
  ]);
  return recordDraftMedia(db, courseId, { name: file.name, type, size, hash: file.sha256 });
}

async function notStored(db: Queryable, hash: string, accountId: string): Promise<ApiProblem> {
  const { rows } = await db.query<{ received: string | number }>(
    `SELECT received FROM course_uploads WHERE hash = $1 AND created_by = $2`,
    [hash, accountId],
  );
  if (rows[0]) {
    const offset = Number(rows[0].received);
    return new ApiProblem(409, 'upload_incomplete', `The upload of ${hash} is at ${offset}: finish it first`, {
      offset,
    });
  }
  return new ApiProblem(404, 'file_not_found', `No stored file ${hash}: upload it first`);
}
