// GIFT text as Moodle reads it (question/format/gift/format.php): backslash escapes are hidden
// before any structure is looked for, a `[format]` marker may open a text, and every text is
// trimmed once the escapes are put back.
import { decodeHTML } from 'entities';
import { htmlToMarkdown } from './html-to-markdown';

/** Characters Moodle lets an author escape with a backslash; `\n` is a line break. */
const ESCAPE = /\\([\\:#=~{}n])/g;
/**
 * Each escape becomes a pair of private-use characters, so the text keeps its length and every
 * offset still points at the same line of the file.
 */
const MARK = '\uF8FF';
const HIDDEN = /\uF8FF([\uE000-\uE0FF])/g;

/** Hides escaped characters so `{`, `}`, `~`, `=`, `#` and `:` left in the text are structure. */
export function hideEscapes(text: string): string {
  return text.replace(ESCAPE, (_m, c: string) => MARK + String.fromCharCode(0xe000 + c.charCodeAt(0)));
}

/** Puts escaped characters back as the plain characters they stand for. */
export function restoreEscapes(text: string): string {
  return text.replace(HIDDEN, (_m, c: string) => {
    const original = String.fromCharCode(c.charCodeAt(0) - 0xe000);
    return original === 'n' ? '\n' : original;
  });
}

export type GiftFormat = 'moodle' | 'html' | 'plain' | 'markdown';
const FORMATS: readonly string[] = ['moodle', 'html', 'plain', 'markdown'];

export interface FormattedText {
  text: string;
  format: GiftFormat;
}

/**
 * Reads a `[html]`/`[moodle]`/`[plain]`/`[markdown]` marker; an unknown `[word]` stays text, as in
 * Moodle. Without a marker the text has the question's format (Moodle's own default is `moodle`).
 */
export function readFormat(raw: string, fallback: GiftFormat): FormattedText {
  const text = raw.trim();
  const marker = /^\[([a-z]+)\]/i.exec(text);
  const name = marker?.[1]?.toLowerCase();
  if (marker && name && FORMATS.includes(name)) {
    return { text: restoreEscapes(text.slice(marker[0].length)).trim(), format: name as GiftFormat };
  }
  return { text: restoreEscapes(text).trim(), format: fallback };
}

/** Markdown punctuation that would change what a plain or Moodle-formatted text shows. */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]#|~]/g;

/**
 * A question text or general feedback as the lesson Markdown the phone renders (which shows raw
 * HTML as typed text). HTML becomes Markdown (html-to-markdown.ts); Markdown goes through as
 * written; Moodle's auto-format keeps its HTML and its line breaks but has no Markdown; plain text
 * shows every character as typed.
 */
export function toMarkdown({ text, format }: FormattedText): string {
  switch (format) {
    case 'html':
      return htmlToMarkdown(text);
    case 'markdown':
      return text;
    case 'moodle':
      return text.replace(MARKDOWN_PUNCTUATION, '\\$&').replace(/\n/g, '  \n');
    case 'plain':
      return text.replace(MARKDOWN_PUNCTUATION, '\\$&').replace(/[<&]/g, '\\$&').replace(/\n/g, '  \n');
  }
}

/**
 * A choice, pair or feedback as the plain text the quiz screen shows: HTML (Moodle exports answers
 * as HTML) loses its tags, and every character reference is decoded (the `entities` package: all
 * HTML5 names, as a browser reads them); other formats are already plain. A no-break space becomes
 * a plain one, as Moodle's editor puts them where a space was meant.
 */
export function toPlainText({ text, format }: FormattedText): string {
  if (format !== 'html' && format !== 'moodle') return text;
  const untagged = text
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li)>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeHTML(untagged)
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}
