// @vitest-environment jsdom
// jsdom: the comparison with marked's own HTML below needs a browser's HTML parser (happy-dom's
// differs); the renderer itself parses no HTML.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { parseGift } from '../../shared/quiz-import/parse-gift';
import { browserNamedReference, decodeReferences } from './markdown-tokens-to-dom';
import { renderMarkdown } from './render-markdown';

const html = (fragment: DocumentFragment) => {
  const div = document.createElement('div');
  div.append(fragment);
  return div.innerHTML;
};
/** Every attribute in the fragment as `tag name=value`. */
const attributes = (fragment: DocumentFragment) =>
  Array.from(fragment.querySelectorAll('*')).flatMap((e) =>
    Array.from(e.attributes, (a) => `${e.localName} ${a.name}=${a.value}`),
  );
const tags = (fragment: DocumentFragment) => Array.from(fragment.querySelectorAll('*'), (e) => e.localName);
/** Elements marked writes for Markdown (the checkbox of a task list item included). */
const MARKDOWN_TAGS = new Set(
  'p h1 h2 h3 h4 h5 h6 em strong del code pre blockquote ul ol li input table thead tbody tr th td hr br a img'.split(
    ' ',
  ),
);
const files: Record<string, { url: string; type: string }> = {
  'media/siklus.svg': { url: '/course-files/aaa', type: 'image/svg+xml' },
  'media/video.mp4': { url: '/course-files/bbb', type: 'video/mp4' },
  'media/suara.mp3': { url: '/course-files/ccc', type: 'audio/mpeg' },
  'media/permendagri.pdf': { url: '/course-files/ddd', type: 'application/pdf' },
  'media/video.vtt': { url: '/course-files/eee', type: 'text/vtt' },
};
const resolveFile = (path: string) => files[path];

describe('renderMarkdown', () => {
  it('renders Markdown', () => {
    expect(html(renderMarkdown('# RPJMDes\n\n**enam** tahun'))).toBe(
      '<h1>RPJMDes</h1>\n<p><strong>enam</strong> tahun</p>\n',
    );
  });

  it('shows scripts and event handlers as text, and keeps only the words of a javascript: link', () => {
    const fragment = renderMarkdown(
      '<script>alert(1)</script><img src="x" onerror="alert(1)">\n\n[klik](javascript:alert%281%29)',
    );
    expect(fragment.querySelector('script, img, a')).toBeNull();
    expect(fragment.textContent).toContain('<script>alert(1)</script><img src="x" onerror="alert(1)">');
    expect(fragment.textContent).toContain('klik');
    expect(attributes(fragment)).toEqual([]);
  });

  it('points course images at their offline URL', () => {
    expect(html(renderMarkdown('![Siklus](media/siklus.svg)', { resolveFile }))).toContain('src="/course-files/aaa"');
  });

  it('turns video and audio files into players', () => {
    const out = html(
      renderMarkdown('![Video APBDes](media/video.mp4)\n\n![Rekaman](media/suara.mp3)', { resolveFile }),
    );
    expect(out).toMatch(
      /<video[^>]*controls[^>]*src="\/course-files\/bbb"|<video[^>]*src="\/course-files\/bbb"[^>]*controls/,
    );
    expect(out).toContain('aria-label="Video APBDes"');
    expect(out).toMatch(/<audio[^>]*src="\/course-files\/ccc"/);
  });

  it('makes a WebVTT link right after a video its default captions track, and drops the link', () => {
    const fragment = renderMarkdown('![Video APBDes](media/video.mp4)\n[Teks video](media/video.vtt)', {
      resolveFile,
      lang: 'id',
      captionsLabel: 'Bahasa Indonesia',
    });
    const track = fragment.querySelector('video > track');
    expect(track?.outerHTML).toBe(
      '<track kind="captions" src="/course-files/eee" srclang="id" label="Bahasa Indonesia" default="">',
    );
    expect(fragment.querySelector('video')?.hasAttribute('playsinline')).toBe(true);
    expect(fragment.querySelector('a')).toBeNull();
  });

  it('shows a placeholder with a download button for a video left off the phone, not a broken player', () => {
    const fragment = renderMarkdown('![Video APBDes](media/video.mp4)\n[Teks video](media/video.vtt)', {
      resolveFile: (path) => (path.endsWith('.mp4') ? { ...files[path]!, absent: true } : files[path]),
      absentVideo: { text: 'Video belum diunduh.', button: (f) => `Unduh video ini (${f.url})` },
    });
    expect(fragment.querySelector('video, img')).toBeNull();
    const box = fragment.querySelector('.lesson__video-absent')!;
    expect(box.getAttribute('aria-label')).toBe('Video APBDes');
    expect(box.textContent).toContain('Video belum diunduh.');
    const button = box.querySelector<HTMLButtonElement>('button[data-download-video]')!;
    expect(button.textContent).toBe('Unduh video ini (/course-files/bbb)');
    expect(button.dataset.downloadVideo).toBe('/course-files/bbb');
  });

  it('leaves a WebVTT link that follows no video as a link', () => {
    const out = html(renderMarkdown('Unduh [teks](media/video.vtt)', { resolveFile }));
    expect(out).toContain('href="/course-files/eee"');
    expect(out).not.toContain('<track');
  });

  it("links a PDF to its offline URL as a file to save and open in the phone's PDF app", () => {
    const fragment = renderMarkdown('[Permendagri](media/permendagri.pdf)', {
      resolveFile: (path) => (files[path] ? { ...files[path], name: 'permendagri.pdf' } : undefined),
      pdfLabel: 'Dokumen PDF',
    });
    const link = fragment.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('/course-files/ddd');
    expect(link.classList.contains('lesson__pdf')).toBe(true);
    expect(link.getAttribute('download')).toBe('permendagri.pdf');
    expect(link.getAttribute('aria-description')).toBe('Dokumen PDF');
    expect(link.hasAttribute('target')).toBe(false);
  });

  it('opens web links in a new tab without giving it this page', () => {
    expect(html(renderMarkdown('[Kemendagri](https://kemendagri.go.id)'))).toContain('rel="noopener noreferrer"');
  });

  it('points a link or image of an unlisted course path at nothing new: the path stays as written', () => {
    const out = html(renderMarkdown('![x](media/lain.png) [y](lain.html)', { resolveFile }));
    expect(out).toBe('<p><img src="media/lain.png" alt="x"> <a href="lain.html">y</a></p>\n');
  });
});

describe('renderMarkdown against script in a lesson', () => {
  // Each vector with the text that must still show: raw HTML is visible as written, never markup.
  const vectors: [string, string][] = [
    ['<script>alert(1)</script>', '<script>alert(1)</script>'],
    ['Teks <script>alert(1)</script> di tengah', '<script>alert(1)</script>'],
    ['<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
    ['Lihat <img src="x" onerror="alert(1)"> ini', '<img src="x" onerror="alert(1)">'],
    ['<iframe src="https://contoh.id"></iframe>', '<iframe src="https://contoh.id"></iframe>'],
    ['<svg onload=alert(1)><circle r="1"/></svg>', '<svg onload=alert(1)>'],
    ['<div onclick="alert(1)" style="position:fixed">\n*klik*\n</div>', '<div onclick="alert(1)"'],
    ['<a href="javascript:alert(1)">a</a>', '<a href="javascript:alert(1)">'],
    ['<p><strong>tebal</strong></p>', '<p><strong>tebal</strong></p>'],
    ['<noscript><p title="</noscript><img src=x onerror=alert(1)>">', '<noscript>'],
    ['<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', '<math>'],
    ['<kbd>a<img src=x onerror=alert(1)></kbd>', '<img src=x onerror=alert(1)>'],
    ['[a](javascript:alert(1))', 'a'],
    ['[b](JaVaScRiPt:alert(1))', 'b'],
    ['[c](java&#x09;script:alert(1))', 'c'],
    ['[d](&#x6A;avascript:alert(1))', 'd'],
    ['[e](&#106;&#97;vascript:alert(1))', 'e'],
    ['[g](vbscript:msgbox(1))', 'g'],
    ['[h](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', 'h'],
    ['[i](file:///etc/passwd)', 'i'],
    ['[ref][k]\n\n[k]: javascript:alert(1)', 'ref'],
    ['<javascript:alert(1)>', 'javascript:alert(1)'],
    ['<data:text/html,<script>alert(1)</script>>', 'data:text/html'],
    ['![x](javascript:alert(1))', 'x'],
    ['![gambar](data:image/svg+xml,<svg onload=alert(1)>)', 'gambar'],
    ['![y](DATA:image/png;base64,AAAA)', 'y'],
    ['![z](vbscript:x)', 'z'],
    ['[![w](javascript:x)](javascript:y)', 'w'],
  ];

  it.each(vectors)('%j leaves no element, attribute or URL beyond what Markdown makes', (markdown, shown) => {
    const fragment = renderMarkdown(markdown, { resolveFile });
    expect(tags(fragment).filter((t) => !MARKDOWN_TAGS.has(t))).toEqual([]);
    // Markdown that is all raw HTML or a refused URL makes no element but a paragraph.
    expect(tags(fragment).filter((t) => t !== 'p')).toEqual([]);
    expect(attributes(fragment)).toEqual([]);
    expect(fragment.textContent).toContain(shown);
  });

  it('refuses a scheme however it is spelt, and keeps the schemes a lesson may link', () => {
    const hrefs = (markdown: string) =>
      Array.from(renderMarkdown(markdown).querySelectorAll('a'), (a) => a.getAttribute('href'));
    expect(
      hrefs('[a](https://kemendagri.go.id) [b](HTTP://x.id) [c](mailto:admin@desa.id) [d](#bagian) [e](/bantuan)'),
    ).toEqual(['https://kemendagri.go.id', 'HTTP://x.id', 'mailto:admin@desa.id', '#bagian', '/bantuan']);
    expect(hrefs('[a](tel:+6221) [b](ftp://x) [c](file:x) [d](jav\tascript:x)')).toEqual([]);
    // A named reference is decoded before the scheme is read, as a browser would read the href.
    expect(hrefs('[a](JAVASCRIPT&colon;x) [b](javascript&#58;x) [c](java&Tab;script:x)')).toEqual([]);
  });

  it('leaves what a browser would not read as a scheme as a path of the lesson page, never a script URL', () => {
    // A NUL, a zero-width space or a percent-encoded space is percent-encoded in the path, as marked
    // did; an unknown name (`&colonx;`) stays those characters.
    const markdown = '[a](<java\u0000script:x>) [b](JAVASCRIPT&colonx;x) [c](javas\u200bcript:x) [d](%20javascript:x)';
    const links = Array.from(renderMarkdown(markdown).querySelectorAll('a'), (a) => a.getAttribute('href')!);
    expect(links).toEqual(['java%00script:x', 'JAVASCRIPT&colonx;x', 'javas%E2%80%8Bcript:x', '%20javascript:x']);
    for (const href of links) expect(new URL(href, 'https://lentera.test/kursus/k/materi/m').protocol).toBe('https:');
  });

  it('keeps images of a course path or http(s) only', () => {
    const srcs = Array.from(
      renderMarkdown(
        '![a](media/siklus.svg) ![b](https://x.id/b.png) ![c](data:image/png;base64,AA) ![d](ftp://x/d.png)',
      ).querySelectorAll('img'),
      (img) => img.getAttribute('src'),
    );
    expect(srcs).toEqual(['media/siklus.svg', 'https://x.id/b.png']);
  });

  it('turns autolinks into links of allowed schemes only', () => {
    const fragment = renderMarkdown('<https://x.id/a?b&amp;c> www.desa.id <admin@desa.id> <javascript:alert(1)>');
    expect(Array.from(fragment.querySelectorAll('a'), (a) => [a.getAttribute('href'), a.textContent])).toEqual([
      ['https://x.id/a?b&amp;c', 'https://x.id/a?b&amp;c'],
      ['http://www.desa.id', 'www.desa.id'],
      ['mailto:admin@desa.id', 'admin@desa.id'],
    ]);
    expect(fragment.textContent).toContain('javascript:alert(1)');
  });

  it('shows nothing of an HTML comment, as a browser would not', () => {
    expect(html(renderMarkdown('Awal <!-- catatan penulis --> akhir\n\n<!--\nblok\n-->\n\nSelesai'))).toBe(
      '<p>Awal  akhir</p>\n<p>Selesai</p>\n',
    );
  });

  it('decodes numeric and every HTML5 named character reference, and leaves an unknown name as typed', () => {
    expect(
      renderMarkdown(
        'Rp&nbsp;5 &amp; &lt;b&gt; &#x41;&#66;&#0; &mdash; &copy; &eacute; &NotEqualTilde; &bogus; &notit; `&amp;`',
      ).firstChild?.textContent,
    ).toBe('Rp\u00a05 & <b> AB\ufffd \u2014 \u00a9 \u00e9 \u2242\u0338 &bogus; &notit; &amp;');
  });

  it("decodes references in link titles, image descriptions and a code block's language, and not in code", () => {
    const out = renderMarkdown(
      '[Pasal&nbsp;1](https://a.id "UU &mdash; Desa") ![Peta &copy; BIG](media/siklus.svg)\n\n```js&eacute;\n&mdash;\n```',
      { resolveFile },
    );
    expect(attributes(out)).toContain('a title=UU \u2014 Desa');
    expect(attributes(out)).toContain('img alt=Peta \u00a9 BIG');
    expect(attributes(out)).toContain('code class=language-js\u00e9');
    expect(out.querySelector('pre')?.textContent).toBe('&mdash;\n');
    expect(out.querySelector('a')?.textContent).toBe('Pasal\u00a01');
  });
});

describe('a Moodle [html] question, made Markdown at import', () => {
  it('shows as elements, not as its tags', () => {
    const gift =
      '::Q::[html]<p>Bagian <strong>apa saja</strong>?<br>Pilih <em>satu</em>.</p><ul><li>A&nbsp;B</li></ul>{T}';
    expect(html(renderMarkdown(parseGift(gift, 'q.gift').questions[0]!.question.text))).toBe(
      '<p>Bagian <strong>apa saja</strong>?<br>Pilih <em>satu</em>.</p>\n<ul>\n<li>A&nbsp;B</li>\n</ul>\n',
    );
  });
});

describe('decodeReferences', () => {
  it('asks the named-reference decoder about `&name;` only, and keeps text without `&` as it is', () => {
    const asked: string[] = [];
    const decode = (ref: string) => {
      asked.push(ref);
      return ref === '&mdash;' ? '\u2014' : ref;
    };
    expect(decodeReferences('a &mdash; b &x; &1a; &a_b; &#65; &zz;', decode)).toBe('a \u2014 b &x; &1a; &a_b; A &zz;');
    expect(asked).toEqual(['&mdash;', '&zz;']);
    expect(decodeReferences('tanpa ampersand', () => 'X')).toBe('tanpa ampersand');
  });

  it("gives the browser's parser nothing but a reference, so markup around it stays text", () => {
    expect(browserNamedReference('&lt;img src=x onerror=alert(1)&gt;')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(browserNamedReference('&amp;')).toBe('&');
    expect(browserNamedReference('&hellip;')).toBe('\u2026');
  });
});

describe('renderMarkdown of lesson structure', () => {
  it('renders a GFM table with its column alignment', () => {
    expect(html(renderMarkdown('| Bidang | Pagu |\n|:--|--:|\n| Pembangunan | **40%** |'))).toBe(
      '<table>\n<thead>\n<tr>\n<th align="left">Bidang</th>\n<th align="right">Pagu</th>\n</tr>\n</thead>\n' +
        '<tbody><tr>\n<td align="left">Pembangunan</td>\n<td align="right"><strong>40%</strong></td>\n</tr>\n</tbody></table>\n',
    );
  });

  it('renders numbered lists from their first number, nested lists and task lists with boxes that cannot be ticked', () => {
    const fragment = renderMarkdown('3. Musdus\n4. Musdes\n   - undangan\n\n- [x] SK Tim\n- [ ] RKP Desa');
    expect(fragment.querySelector('ol')?.getAttribute('start')).toBe('3');
    expect(fragment.querySelector('ol li ul li')?.textContent).toBe('undangan');
    const boxes = Array.from(fragment.querySelectorAll<HTMLInputElement>('ul input'));
    expect(boxes.map((b) => [b.type, b.disabled, b.checked])).toEqual([
      ['checkbox', true, true],
      ['checkbox', true, false],
    ]);
    expect(html(renderMarkdown('1. satu\n2. dua'))).toBe('<ol>\n<li>satu</li>\n<li>dua</li>\n</ol>\n');
  });

  it('renders code as text, markup in it included', () => {
    const fragment = renderMarkdown('```html\n<script>alert(1)</script>\n```\n\nKode `<b>` di kalimat.');
    expect(html(fragment)).toBe(
      '<pre><code class="language-html">&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n' +
        '<p>Kode <code>&lt;b&gt;</code> di kalimat.</p>\n',
    );
  });

  it('renders quotes, rules, line breaks, emphasis and deletion', () => {
    expect(html(renderMarkdown('> *Catatan*: ~~lama~~ baru  \nbaris dua\n\n---'))).toBe(
      '<blockquote>\n<p><em>Catatan</em>: <del>lama</del> baru<br>baris dua</p>\n</blockquote>\n<hr>\n',
    );
  });

  // Every lesson and question under content/: the same elements, attributes and text as marked's own
  // HTML renderer parsed by a browser, which is what the phone showed before (the courses hold no
  // raw HTML and no URL of a refused scheme, so the old sanitiser left that HTML as it was).
  const texts: [string, string][] = [];
  for (const course of readdirSync('content')) {
    for (const file of readdirSync(join('content', course, 'lessons')))
      texts.push([`${course}/${file}`, readFileSync(join('content', course, 'lessons', file), 'utf8')]);
    for (const file of readdirSync(join('content', course, 'quizzes')))
      for (const q of parseGift(readFileSync(join('content', course, 'quizzes', file), 'utf8'), file).questions)
        texts.push([`${course}/${file} ${q.question.id}`, [q.question.text, q.explanation ?? ''].join('\n\n')]);
  }

  it('has the courses to compare', () => {
    expect(texts.filter(([name]) => name.endsWith('.md')).length).toBeGreaterThanOrEqual(20);
  });

  it.each(texts)('renders %s as marked would', (_name, markdown) => {
    const expected = document.createElement('template');
    expected.innerHTML = marked.parse(markdown, { async: false, gfm: true });
    const out = renderMarkdown(markdown);
    // The post-processing (new tab for web links) applies to both.
    for (const a of Array.from(expected.content.querySelectorAll('a')))
      if (/^https?:/i.test(a.getAttribute('href') ?? '')) {
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
      }
    expect(html(out)).toBe(expected.innerHTML);
  });
});
