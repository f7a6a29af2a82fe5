import { posix } from 'node:path';

export interface LessonLink {
  /** The link as written, e.g. `../media/siklus.svg`. */
  href: string;
  /** Path inside the course folder, e.g. `media/siklus.svg`. */
  path: string;
  line: number;
}

const LINK = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

/** Local links and images of a Markdown lesson (web links and anchors are left alone). */
export function lessonLinks(markdown: string, lessonPath: string): LessonLink[] {
  const links: LessonLink[] = [];
  markdown.split('\n').forEach((text, i) => {
    for (const match of text.matchAll(LINK)) {
      const href = match[1]!;
      if (/^([a-z][a-z0-9+.-]*:|#|\/)/i.test(href)) continue;
      const path = posix.normalize(posix.join(posix.dirname(lessonPath), href.split('#')[0]!));
      links.push({ href, path, line: i + 1 });
    }
  });
  return links;
}
