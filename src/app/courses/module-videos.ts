import type { CourseManifest, CourseModule, FileEntry } from '../../shared/course/manifest';
import { courseFileUrl, courseLinkUrl } from './read-course-file';

/** Link targets written in a lesson: Markdown links and images, and `src`/`href` of inline HTML. */
function lessonLinks(markdown: string): string[] {
  const links = [...markdown.matchAll(/\]\(\s*<?([^)\s>]+)/g)].map((m) => m[1]!);
  const attributes = [...markdown.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]!);
  return [...links, ...attributes];
}

/**
 * The videos one module's lessons show, found in the lessons' own text (a manifest lists files per
 * course, not per lesson), each once, in lesson order. `read` gives a lesson's Markdown by hash.
 * @example const videos = await moduleVideos(manifest, module, readCourseText);
 */
export async function moduleVideos(
  manifest: CourseManifest,
  module: CourseModule,
  read: (hash: string) => Promise<string>,
): Promise<FileEntry[]> {
  const byUrl = new Map(manifest.files.map((f) => [courseFileUrl(f.hash), f]));
  const found = new Map<string, FileEntry>();
  for (const lesson of module.lessons) {
    for (const href of lessonLinks(await read(lesson.file))) {
      const url = courseLinkUrl(manifest, lesson.file, href);
      const file = url ? byUrl.get(url) : undefined;
      if (file?.type.startsWith('video/')) found.set(file.hash, file);
    }
  }
  return [...found.values()];
}
