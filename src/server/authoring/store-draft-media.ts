import { DRAFT_MEDIA_MAX_BYTES } from '../../shared/authoring/authoring-api';
import { sha256Hex } from '../../shared/course/bytes';
import { storeCourseFile } from '../courses/store-course-file';
import type { Queryable } from '../store/store';
import {
  lessonMediaType,
  recordDraftMedia,
  refuseMediaSize,
  refuseSniffed,
  type DraftMedia,
} from './draft-media-checks';
import { touchDraft } from './get-draft';
import { sniffMediaType } from './sniff-media-type';

/**
 * Largest lesson file (shared/authoring/authoring-api.ts says why). A file this big comes through
 * the resumable upload and `attachDraftMedia`; this one-request path is capped by the request body
 * limit first (`LENTERA_MAX_BODY_BYTES`, 413 `body_too_large`).
 */
export const MEDIA_MAX_BYTES = DRAFT_MEDIA_MAX_BYTES;

/**
 * Stores a lesson file sent whole in one request under `media/<name>`, with the same checks as
 * `attachDraftMedia`: the name's type is one a lesson can show, and the declared type and the
 * bytes themselves agree with it.
 */
export async function storeDraftMedia(
  db: Queryable,
  courseId: string,
  name: string,
  bytes: Uint8Array<ArrayBuffer>,
  declaredType: string | undefined,
): Promise<DraftMedia> {
  await touchDraft(db, courseId);
  const type = lessonMediaType(name, declaredType);
  refuseMediaSize(name, bytes.length);
  refuseSniffed(name, type, await sniffMediaType(bytes));
  const hash = await sha256Hex(bytes);
  await storeCourseFile(db, hash, bytes, type);
  return recordDraftMedia(db, courseId, { name, type, size: bytes.length, hash });
}
