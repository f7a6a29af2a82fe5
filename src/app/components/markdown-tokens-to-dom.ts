// Lesson Markdown to DOM without ever parsing the lesson as HTML: marked's lexer turns the text into
// tokens, and every element is made here with createElement from a fixed list, every text with a
// text node (the one string given to an HTML parser is a lone `&name;`, to learn the character it
// stands for: browserNamedReference). There is no HTML string to sanitise, so nothing can be
// smuggled past a sanitiser by the way a browser re-parses markup (mutation XSS), and no sanitiser
// has to be downloaded.
// Only marked's Lexer is imported: its Parser and HTML Renderer stay out of the bundle.
import { Lexer, type Token, type Tokens } from 'marked';

/**
 * The lesson's Markdown as a fragment of the elements marked's own renderer would write for it
 * (same elements, attributes and line breaks between blocks), with three differences that make it
 * safe: raw HTML in the text shows as the text it is (an HTML comment shows nothing), a link whose
 * URL is not http(s), mailto or relative keeps only its text, and an image whose URL is not http(s)
 * or relative shows only its description.
 * @example container.replaceChildren(markdownToFragment('# Judul\n\n**tebal**'));
 */
export function markdownToFragment(markdown: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  blocks(new Lexer({ gfm: true }).lex(markdown), fragment);
  // One text node per run of text, as an HTML parser leaves them (the caption rule looks at the
  // text next to a link).
  fragment.normalize();
  return fragment;
}

type Parent = DocumentFragment | HTMLElement;

const el = <K extends keyof HTMLElementTagNameMap>(tag: K): HTMLElementTagNameMap[K] => document.createElement(tag);

function blocks(tokens: readonly Token[], parent: Parent): void {
  for (const token of tokens) block(token as Tokens.Generic, parent);
}

function block(token: Tokens.Generic, parent: Parent): void {
  switch (token.type) {
    case 'space':
    case 'def':
      return;
    case 'hr':
      parent.append(el('hr'), '\n');
      return;
    case 'heading': {
      const depth = Math.min(Math.max(Number(token.depth) || 1, 1), 6);
      const heading = el(`h${depth}` as 'h1');
      inline(token.tokens ?? [], heading);
      parent.append(heading, '\n');
      return;
    }
    case 'paragraph': {
      const p = el('p');
      inline(token.tokens ?? [], p);
      parent.append(p, '\n');
      return;
    }
    case 'code':
      parent.append(codeBlock(token as Tokens.Code), '\n');
      return;
    case 'blockquote': {
      const quote = el('blockquote');
      quote.append('\n');
      blocks(token.tokens ?? [], quote);
      parent.append(quote, '\n');
      return;
    }
    case 'list':
      parent.append(list(token as Tokens.List), '\n');
      return;
    case 'table':
      parent.append(table(token as Tokens.Table), '\n');
      return;
    case 'html': {
      // A block of raw HTML is shown as the text it is, never made into elements.
      if (isComment(token.text)) return;
      const p = el('p');
      p.append(String(token.text).replace(/\n+$/, ''));
      parent.append(p, '\n');
      return;
    }
    default:
      // Text of a tight list item, a task's checkbox, and anything else: as inline content.
      inline([token], parent);
  }
}

function inline(tokens: readonly Token[], parent: Parent): void {
  for (const t of tokens as readonly Tokens.Generic[]) {
    switch (t.type) {
      case 'text':
        if (t.tokens) inline(t.tokens, parent);
        // `escaped` text is what stands inside a raw <pre>, <code>, <kbd> or <script> tag, which
        // is shown as written like the tag itself.
        else parent.append(t.escaped ? String(t.text) : decodeReferences(String(t.text)));
        break;
      case 'escape':
        parent.append(String(t.text));
        break;
      case 'codespan': {
        const code = el('code');
        code.append(String(t.text));
        parent.append(code);
        break;
      }
      case 'strong':
      case 'em':
      case 'del': {
        const element = el(t.type as 'strong' | 'em' | 'del');
        inline(t.tokens ?? [], element);
        parent.append(element);
        break;
      }
      case 'br':
        parent.append(el('br'));
        break;
      case 'link':
        link(t as Tokens.Link, parent);
        break;
      case 'image':
        image(t as Tokens.Image, parent);
        break;
      case 'checkbox': {
        // As marked writes it: a ticked or empty box that cannot be changed, then a space.
        const box = el('input');
        if (t.checked) box.setAttribute('checked', '');
        box.setAttribute('disabled', '');
        box.setAttribute('type', 'checkbox');
        parent.append(box, ' ');
        break;
      }
      case 'html':
        // Inline raw HTML (`<b>`, `<img onerror=…>`) is shown as typed: text, never an element.
        if (!isComment(t.text)) parent.append(String(t.text));
        break;
      default:
        parent.append(String(t.raw ?? ''));
    }
  }
}

function codeBlock(token: Tokens.Code): HTMLPreElement {
  const pre = el('pre');
  const code = el('code');
  const lang = /^\S*/.exec(token.lang ?? '')?.[0];
  if (lang) code.className = `language-${decodeReferences(lang)}`;
  code.append(token.text ? `${token.text.replace(/\n$/, '')}\n` : '');
  pre.append(code);
  return pre;
}

function list(token: Tokens.List): HTMLOListElement | HTMLUListElement {
  const list = el(token.ordered ? 'ol' : 'ul');
  if (token.ordered && token.start !== 1) list.setAttribute('start', String(token.start));
  list.append('\n');
  for (const item of token.items) {
    const li = el('li');
    blocks(item.tokens, li);
    list.append(li, '\n');
  }
  return list;
}

function table(token: Tokens.Table): HTMLTableElement {
  const table = el('table');
  const head = el('thead');
  head.append('\n', row(token.header), '\n');
  table.append('\n', head, '\n');
  if (token.rows.length > 0) {
    const body = el('tbody');
    for (const cells of token.rows) body.append(row(cells), '\n');
    table.append(body);
  }
  return table;
}

function row(cells: readonly Tokens.TableCell[]): HTMLTableRowElement {
  const tr = el('tr');
  tr.append('\n');
  for (const cell of cells) {
    const td = el(cell.header ? 'th' : 'td');
    if (cell.align) td.setAttribute('align', cell.align);
    inline(cell.tokens, td);
    tr.append(td, '\n');
  }
  return tr;
}

function link(token: Tokens.Link, parent: Parent): void {
  const content = document.createDocumentFragment();
  // An autolink (`<https://…>`, `www.…`) is literal: its text and URL hold no character references.
  if (token.autolink) content.append(token.text);
  else inline(token.tokens, content);
  const encoded = encodeUrl(token.href);
  const href = encoded === null ? null : token.autolink ? encoded : decodeReferences(encoded);
  if (href === null || !allowedUrl(href, LINK_SCHEMES)) {
    parent.append(content);
    return;
  }
  const a = el('a');
  a.setAttribute('href', href);
  if (token.title) a.setAttribute('title', decodeReferences(token.title));
  a.append(content);
  parent.append(a);
}

function image(token: Tokens.Image, parent: Parent): void {
  const alt = decodeReferences(token.tokens ? plainText(token.tokens) : token.text);
  const encoded = encodeUrl(token.href);
  const src = encoded === null ? null : decodeReferences(encoded);
  if (src === null || !allowedUrl(src, IMAGE_SCHEMES)) {
    parent.append(alt);
    return;
  }
  const img = el('img');
  img.setAttribute('src', src);
  img.setAttribute('alt', alt);
  if (token.title) img.setAttribute('title', decodeReferences(token.title));
  parent.append(img);
}

/** An image's description as marked's text renderer writes it: the words without their markup. */
function plainText(tokens: readonly Token[]): string {
  let text = '';
  for (const t of tokens as readonly Tokens.Generic[]) {
    if (t.type === 'br') text += '\n';
    else if (t.type === 'checkbox') text += String(t.raw);
    else if (t.tokens && t.type !== 'text') text += plainText(t.tokens);
    else text += String(t.text ?? '');
  }
  return text;
}

const isComment = (html: unknown): boolean => /^\s*<!--[\s\S]*-->\s*$/.test(String(html));

/** marked's own URL clean-up: percent-encodes what a URL cannot hold; null if it cannot be encoded. */
function encodeUrl(href: string): string | null {
  try {
    return encodeURI(href).replace(/%25/g, '%');
  } catch {
    return null; // a lone surrogate
  }
}

const LINK_SCHEMES: readonly string[] = ['http', 'https', 'mailto'];
const IMAGE_SCHEMES: readonly string[] = ['http', 'https'];
/** Control characters and spaces: a browser drops or ignores them in a URL, so they cannot hide a scheme. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be removed
const IGNORED_IN_URL = /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u2029\u205f\u3000\ufeff]/g;

/**
 * True for a URL without a scheme (a course file's package path, `#part`, `/path`, `//host/…`) or
 * with one of `schemes`. The scheme is read after removing every control character and space and
 * folding case, so `JaVaScRiPt:`, `java&#x09;script:` (a tab once decoded) and ` javascript:` are
 * all `javascript` and refused, as is every scheme not listed (data:, vbscript:, file:…).
 */
export function allowedUrl(url: string, schemes: readonly string[]): boolean {
  const scheme = /^([a-z][a-z\d+.-]*):/.exec(url.replace(IGNORED_IN_URL, '').toLowerCase())?.[1];
  return scheme === undefined || schemes.includes(scheme);
}

/** A named character reference as HTML spells one: a letter, then letters or digits, then `;`. */
const NAMED_REFERENCE = /^&[A-Za-z][A-Za-z0-9]{1,31};$/;
/**
 * Names already looked up (a lesson writes the same few many times), starting with the two whose
 * character is ASCII whitespace: a parser drops whitespace before the body, so it cannot tell them.
 */
const namedSeen = new Map([
  ['&Tab;', '\t'],
  ['&NewLine;', '\n'],
]);

/**
 * What the browser's own HTML parser makes of one named reference (`&mdash;` is "—"), so every
 * HTML5 name is known without a 2,000-entry table in the app. The string parsed is nothing but the
 * reference (checked above), into an inert document that runs and loads nothing. A name the
 * parser does not know comes back as typed; one that only starts with an old name written without
 * `;` (`&notit;` is "¬it;" to a browser) comes back longer than the one or two characters a
 * reference stands for, and is kept as typed too, as CommonMark keeps it.
 */
export function browserNamedReference(reference: string): string {
  if (!NAMED_REFERENCE.test(reference) || typeof DOMParser === 'undefined') return reference;
  let decoded = namedSeen.get(reference);
  if (decoded === undefined) {
    const text = new DOMParser().parseFromString(reference, 'text/html').body.textContent ?? '';
    decoded = text !== '' && [...text].length <= 2 ? text : reference;
    if (namedSeen.size < 1024) namedSeen.set(reference, decoded);
  }
  return decoded;
}

/**
 * The character references an HTML parser would have decoded in marked's output: numeric ones and
 * every HTML5 name (`decodeNamed`, the browser's parser unless a test gives its own). An unknown
 * name stays as typed (harmless text, never markup).
 */
export function decodeReferences(
  text: string,
  decodeNamed: (reference: string) => string = browserNamedReference,
): string {
  if (!text.includes('&')) return text;
  return text.replace(
    /&(?:#(\d{1,7})|#[xX]([\da-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g,
    (m, dec?: string, hex?: string, name?: string) => {
      if (name !== undefined) return decodeNamed(m);
      const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
      // As an HTML parser: NUL, a surrogate or a number past Unicode is the replacement character.
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)
        ? '\ufffd'
        : String.fromCodePoint(code);
    },
  );
}
