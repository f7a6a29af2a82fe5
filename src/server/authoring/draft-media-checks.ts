import { mediaType } from '../../cli/course/media-types';
import { DRAFT_MEDIA_MAX_BYTES } from '../../shared/authoring/authoring-api';
import { ApiProblem } from '../http/api-problem';
import type { Queryable } from '../store/store';
import { sniffedMatches } from './sniff-media-type';

/** What a lesson can show: images, audio, video and PDF (captions and the like come from the CLI). */
const LESSON_KINDS = /^(image\/(png|jpeg|webp|svg\+xml)|audio\/(mpeg|ogg|wav|mp4)|video\/(mp4|webm)|application\/pdf)$/;

/** A lesson file as the draft lists it: lessons link it as `path`. */
export interface DraftMedia {
  name: string;
  path: string;
  type: string;
  size: number;
  hash: string;
}

/**
 * The type a lesson file has by its name, which must be one a lesson can show (415
 * `media_type_unsupported`); the type the browser declared must agree (415 `media_type_mismatch`).
 */
export function lessonMediaType(name: string, declaredType: string | undefined): string {
  const type = mediaType(name);
  if (!type || !LESSON_KINDS.test(type)) {
    throw new ApiProblem(415, 'media_type_unsupported', `${name}: lessons show images, audio, video and PDF only`);
  }
  const declared = declaredType?.split(';')[0]?.trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream' && declared !== type) {
    throw new ApiProblem(415, 'media_type_mismatch', `${name} was sent as ${declared}, but its name says ${type}`);
  }
  return type;
}

/** Refuses an empty file (400 `empty_file`) and one over the limit (413 `media_too_large`, details.limit). */
export function refuseMediaSize(name: string, size: number): void {
  if (size === 0) throw new ApiProblem(400, 'empty_file', `${name} is empty`);
  if (size > DRAFT_MEDIA_MAX_BYTES) {
    throw new ApiProblem(413, 'media_too_large', `${name} is ${size} bytes; the limit is ${DRAFT_MEDIA_MAX_BYTES}`, {
      limit: DRAFT_MEDIA_MAX_BYTES,
    });
  }
}

/** Refuses bytes whose own signature is not the type the name gives (415 `media_type_mismatch`). */
export function refuseSniffed(name: string, type: string, sniffed: string | null): void {
  if (!sniffedMatches(type, sniffed)) {
    throw new ApiProblem(
      415,
      'media_type_mismatch',
      `${name} should be ${type}, but its bytes are ${sniffed ?? 'of no kind a lesson can show'}`,
      { expected: type, found: sniffed },
    );
  }
}

/** Lists a stored file in the draft under `name` (replacing what had that name). */
export async function recordDraftMedia(db: Queryable, courseId: string, media: Omit<DraftMedia, 'path'>) {
  await db.query(
    `INSERT INTO authoring_media (course_id, name, hash, type, size) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (course_id, name) DO UPDATE SET hash = $3, type = $4, size = $5`,
    [courseId, media.name, media.hash, media.type, media.size],
  );
  return { ...media, path: `media/${media.name}` } satisfies DraftMedia;
}
