// A Moodle `[html]` text as the Markdown the phone renders. The phone never makes elements from
// HTML (raw HTML shows as the text typed), so HTML has to become Markdown when a quiz is imported,
// or a Moodle export's questions would show their <p> and <strong>. turndown parses the HTML with
// its own DOM (domino) in Node and with the page's in a browser.
import TurndownService from 'turndown';

/**
 * Elements whose content is no part of what a learner should read: code, styling, embedded
 * pages and plugins, and form controls. They go with everything inside them.
 */
const REMOVED: TurndownService.TagName[] = ['script', 'style', 'iframe', 'object', 'embed', 'form', 'input'];

/** Where Moodle's export points at files of its own: nothing outside Moodle can open such a URL. */
const MOODLE_FILE = /^\s*@@PLUGINFILE@@/i;

let service: TurndownService | undefined;

function turndownService(): TurndownService {
  if (service) return service;
  const s = new TurndownService({
    headingStyle: 'atx',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
    strongDelimiter: '**',
    hr: '---',
  });
  s.remove(REMOVED);
  // An image becomes its description: Moodle's own files (@@PLUGINFILE@@/…) are not in the export,
  // and an image from elsewhere would not show on a phone offline. Nothing is kept as raw HTML.
  s.addRule('imageAsAlt', {
    filter: 'img',
    replacement: (_content, node) => s.escape((node.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim()),
  });
  // A link to one of Moodle's files would lead nowhere: its text stays, without the link.
  s.addRule('moodleFileLink', {
    filter: (node) => node.nodeName === 'A' && MOODLE_FILE.test(node.getAttribute('href') ?? ''),
    replacement: (content) => content,
  });
  // turndown escapes what its own Markdown would misread; the phone's renderer (GFM) reads three
  // more things in plain text: `~` strikes through, `<` may open raw HTML, an autolink or a
  // comment (a comment would show nothing), and `&name;` is a character reference. An author who
  // wrote `&amp;copy;` or `&lt;b&gt;` means the characters as typed.
  const escape = s.escape.bind(s);
  s.escape = (text) =>
    escape(text)
      .replace(/~/g, '\\~')
      .replace(/<(?=[A-Za-z/!?])/g, '\\<')
      .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
  return (service = s);
}

/**
 * HTML (a Moodle `[html]` question text or general feedback) as Markdown: headings, paragraphs,
 * line breaks, emphasis, lists, links, code and quotes keep their meaning, character references
 * become the characters, and every other tag is dropped for its content; script, style, iframe,
 * object, embed, form and input go entirely, and an image leaves its alt text.
 * @example htmlToMarkdown('<p>bagian <strong>apa saja</strong>?</p>') // 'bagian **apa saja**?'
 */
export function htmlToMarkdown(html: string): string {
  return turndownService().turndown(html).trim();
}
