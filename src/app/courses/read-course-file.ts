import * as v from 'valibot';
import { db } from '../../db/database';
import { storedFileBlob } from '../../db/file-chunks';
import type { CourseManifest } from '../../shared/course/manifest';
import { QuizDocumentSchema, type QuizDocument } from '../../shared/quiz/question';

// Reading installed course files on the phone. Files were SHA-256-verified before they were
// stored (src/workers/course-download), so reading them needs no network and no second check.

/** The file is not on this phone (never downloaded, or the course was removed). */
export class MissingCourseFileError extends Error {
  constructor(readonly hash: string) {
    super(`course file ${hash} is not on this device`);
  }
}

/**
 * A whole installed course file (a large one is made of its stored chunks without reading them).
 * @example const pdf = await readCourseBlob(hash);
 */
export async function readCourseBlob(hash: string): Promise<Blob> {
  const file = await db.files.get(hash);
  if (!file) throw new MissingCourseFileError(hash);
  return storedFileBlob(db, file);
}

/**
 * A lesson (Markdown) or any text file of an installed course.
 * @example const markdown = await readCourseText(lesson.file);
 */
export async function readCourseText(hash: string): Promise<string> {
  return (await readCourseBlob(hash)).text();
}

/**
 * A quiz document of an installed course. For an ujian it has no `keys` (they stay on the server).
 * @example const quiz = await readQuizDocument(quizRef.file);
 */
export async function readQuizDocument(hash: string): Promise<QuizDocument> {
  return v.parse(QuizDocumentSchema, JSON.parse(await readCourseText(hash)));
}

/**
 * The URL the service worker answers from IndexedDB (with Range, so audio and video seek offline).
 * @example <audio src={courseFileUrl(hash)} controls />
 */
export function courseFileUrl(hash: string): string {
  return `/offline/files/${hash}`;
}

/**
 * Resolves a link written in a lesson (`../media/siklus.svg`) to the file's offline URL, or null
 * when it is not a file of the course (a web link, an anchor).
 * @example const src = courseLinkUrl(manifest, lesson.file, '../media/siklus.svg');
 */
export function courseLinkUrl(manifest: CourseManifest, lessonHash: string, href: string): string | null {
  if (/^([a-z][a-z0-9+.-]*:|#|\/)/i.test(href)) return null;
  const lessonPath = manifest.files.find((f) => f.hash === lessonHash)?.path ?? '';
  const parts = lessonPath.split('/').slice(0, -1);
  for (const part of href.split('#')[0]!.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  const file = manifest.files.find((f) => f.path === parts.join('/'));
  return file ? courseFileUrl(file.hash) : null;
}
