// @vitest-environment node
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Lexer } from 'marked';
import { describe, expect, it, onTestFinished } from 'vitest';
import { markedLexerOnly } from '../../../vite.config';

const source = readFileSync(join('node_modules', 'marked', 'lib', 'marked.esm.js'), 'utf8');

/** The cut build of the installed marked, imported as the app's bundle would see it. */
async function cutMarked(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'lentera-marked-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'marked.mjs');
  writeFileSync(file, markedLexerOnly(source));
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, unknown>;
}

const lessons = readdirSync('content').flatMap((course) =>
  readdirSync(join('content', course, 'lessons')).map((f) =>
    readFileSync(join('content', course, 'lessons', f), 'utf8'),
  ),
);
const structures = [
  '# H\n\n> q\n> - [x] t\n\n3. a\n4. b\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n```js\nx\n```\n\n    code\n\n---',
  '*em* **strong** ~~del~~ `code` a  \nb \\* <https://x.id> www.x.id <a@b.id> [l](u "t") ![i](s) [r][k]\n\n[k]: /k',
  '<div onclick="x">\n*raw*\n</div>\n\n<kbd>a&b</kbd> <!-- c --> &amp; &#x41;',
];

describe('marked cut down to its Lexer (vite.config.ts)', () => {
  it('keeps only the Lexer and drops the HTML renderer', async () => {
    expect(source).toContain('<blockquote>');
    const cut = markedLexerOnly(source);
    expect(cut).not.toContain('<blockquote>');
    expect(cut.length).toBeLessThan(source.length * 0.85);
    expect(Object.keys(await cutMarked())).toEqual(['Lexer']);
  });

  it('lexes every lesson under content/ and every block and inline kind as the whole marked does', async () => {
    expect(lessons.length).toBeGreaterThanOrEqual(20);
    const { Lexer: CutLexer } = (await cutMarked()) as { Lexer: typeof Lexer };
    for (const markdown of [...lessons, ...structures])
      expect(new CutLexer({ gfm: true }).lex(markdown)).toEqual(new Lexer({ gfm: true }).lex(markdown));
  });

  it('fails the build rather than guess when marked is laid out differently', () => {
    expect(() => markedLexerOnly('var a=class{};export{a as Lexer};')).toThrow(/no longer defines/);
    const renderer = source.indexOf('<blockquote>');
    expect(() => markedLexerOnly(source.slice(renderer))).toThrow(/no longer defines/);
  });
});
