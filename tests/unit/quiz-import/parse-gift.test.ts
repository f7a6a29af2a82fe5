// @vitest-environment node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAiken } from '../../../src/shared/quiz-import/parse-aiken';
import { parseGift } from '../../../src/shared/quiz-import/parse-gift';
import { textId } from '../../../src/shared/quiz-import/question-id';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const byId = (r: ReturnType<typeof parseGift>, id: string) => r.questions.find((q) => q.question.id === id)!;

describe('GIFT as Moodle exports it (question bank export, no id lines)', () => {
  const result = parseGift(fixture('moodle-export.gift'), 'moodle-export.gift');

  it('reads every question, skips the $CATEGORY block and the // question: comments, and reports no error', () => {
    expect(result.errors).toEqual([]);
    expect(result.questions.map((q) => [q.question.id, q.question.type, q.line])).toEqual([
      ['struktur-apb-desa', 'single', 6],
      ['musdes-dimulai', 'truefalse', 15],
      ['singkatan-bpd', 'short', 19],
      ['jumlah-bidang-belanja', 'numeric', 26],
      ['klasifikasi-akun', 'matching', 33],
      ['verifikasi-spp', 'multiple', 41],
      ['batas-kesepakatan', 'single', 49],
    ]);
  });

  it('makes the [html] question text and general feedback Markdown, and shows choices and feedback as plain text', () => {
    const q = byId(result, 'struktur-apb-desa');
    expect(q.question).toMatchObject({
      title: 'Struktur APB Desa',
      text: 'Menurut Pasal 73 UU Desa, APB Desa terdiri atas bagian **apa saja**?',
      choices: [
        { id: 'a', text: 'pendapatan, belanja, dan pembiayaan' },
        { id: 'b', text: 'pendapatan, belanja, dan aset' },
        { id: 'c', text: 'penerimaan, pengeluaran, dan pajak' },
      ],
    });
    expect(q.key).toEqual({
      type: 'single',
      correct: 'a',
      feedback: { a: 'Benar.', b: 'Kurang tepat. Aset dicatat dalam laporan kekayaan milik desa.' },
    });
    expect(q.explanation).toBe('Pasal 73 UU 6/2014 tentang Desa.');
    expect(byId(result, 'verifikasi-spp').question.text).toBe(
      'Pilih *semua* kewajiban sekretaris desa saat memverifikasi SPP = surat permintaan pembayaran.',
    );
  });

  it('reads escapes as Moodle does: \\: and \\= are plain characters in the text', () => {
    expect(byId(result, 'musdes-dimulai').question.text).toContain('pukul 09:00');
    expect(byId(result, 'verifikasi-spp').question.text).toContain('SPP = surat permintaan');
  });

  it('gives true/false feedback as Moodle means it: the first for the wrong answer, the second for the right one', () => {
    expect(byId(result, 'musdes-dimulai').key).toEqual({
      type: 'truefalse',
      correct: true,
      feedback: { false: 'Coba baca lagi Permendagri 110/2016.', true: 'Benar, berita acara wajib dibuat.' },
    });
  });

  it('keeps %weights% of a multiple-answer question, negative ones included', () => {
    expect(byId(result, 'verifikasi-spp').key).toEqual({
      type: 'multiple',
      weights: { a: 50, b: 50, c: -100 },
      feedback: { c: 'Salah. Pembayaran dilakukan kaur keuangan.' },
    });
  });

  it('accepts the full-credit short and numerical answers and warns, with the line, that partial credit counts as wrong', () => {
    expect(byId(result, 'singkatan-bpd').key).toEqual({ type: 'short', accepted: ['Permusyawaratan'] });
    expect(byId(result, 'jumlah-bidang-belanja').key).toEqual({ type: 'numeric', ranges: [{ min: 5, max: 5 }] });
    expect(result.warnings.map((w) => [w.line, w.code])).toEqual([
      [21, 'unsupported_weight'],
      [28, 'unsupported_weight'],
    ]);
  });

  it('pairs a matching question and sorts the right column so its order gives nothing away', () => {
    const q = byId(result, 'klasifikasi-akun');
    expect(q.question).toMatchObject({
      left: [
        { id: 'l1', text: 'Dana Desa' },
        { id: 'l2', text: 'Sewa tanah kas desa' },
        { id: 'l3', text: 'SiLPA tahun sebelumnya' },
      ],
      right: [
        { id: 'r1', text: 'Pendapatan asli desa' },
        { id: 'r2', text: 'Pendapatan transfer' },
        { id: 'r3', text: 'Penerimaan pembiayaan' },
      ],
    });
    expect(q.key).toEqual({ type: 'matching', pairs: { l1: 'r2', l2: 'r1', l3: 'r3' } });
  });

  it('reads a missing-word question written over several lines: the answers become a blank in the sentence', () => {
    const q = byId(result, 'batas-kesepakatan');
    expect(q.question.text).toBe(
      'Rancangan Perdes tentang APB Desa disepakati paling lambat bulan _____ tahun berjalan.',
    );
    expect(q.key).toMatchObject({ type: 'single', correct: 'a' });
  });
});

describe('[html] text as Markdown for the phone, which shows raw HTML as typed', () => {
  const one = (gift: string) => {
    const r = parseGift(gift, 'h.gift');
    expect(r.errors).toEqual([]);
    return r.questions[0]!;
  };
  const text = (html: string) => one(`::Q::[html]${html}{T}`).question.text;

  it('keeps paragraphs, line breaks, lists and links', () => {
    expect(text('<p>Satu</p><p>Dua<br>tiga<br/>empat</p>')).toBe('Satu\n\nDua  \ntiga  \nempat');
    expect(text('<p>Pilih:</p><ul><li>RKP Desa</li><li>APB Desa</li></ul><ol><li>a</li><li>b</li></ol>')).toBe(
      'Pilih:\n\n-   RKP Desa\n-   APB Desa\n\n1.  a\n2.  b',
    );
    expect(text('<p>Lihat <a href="https://jdih.kemendagri.go.id/" title="JDIH">Permendagri 20/2018</a>.</p>')).toBe(
      'Lihat [Permendagri 20/2018](https://jdih.kemendagri.go.id/ "JDIH").',
    );
  });

  it('writes emphasis with * and **, nested included, and headings, code and quotes as GFM', () => {
    expect(
      text('<p><strong><em>wajib</em></strong>, <em>tidak <strong>boleh</strong></em>, <b>b</b> <i>i</i></p>'),
    ).toBe('***wajib***, *tidak **boleh***, **b** *i*');
    expect(text('<h3>Pasal 1</h3><pre><code>kode\nbaris</code></pre><blockquote><p>kutipan</p></blockquote>')).toBe(
      '### Pasal 1\n\n```\nkode\nbaris\n```\n\n> kutipan',
    );
  });

  it('decodes character references, and escapes what would otherwise be Markdown, a reference or HTML', () => {
    expect(text('<p>Rp&nbsp;5.000 &mdash; &copy; Caf&eacute; &#233; &lt; 6</p>')).toBe(
      'Rp\u00a05.000 \u2014 \u00a9 Caf\u00e9 \u00e9 < 6',
    );
    expect(text('<p>&amp;copy; &lt;b&gt; 2*3 a_b ~x~ [1] &lt;!-- c --&gt;</p>')).toBe(
      '\\&copy; \\<b> 2\\*3 a\\_b \\~x\\~ \\[1\\] \\<!-- c -->',
    );
    expect(text('<p># bukan judul</p><p>1. bukan daftar</p>')).toBe('\\# bukan judul\n\n1\\. bukan daftar');
  });

  it('removes script, style, iframe, object, embed, form and input with their content, and keeps no tag', () => {
    const markdown = text(
      '<p>a<script>alert(1)</script>b<style>p \\{color:red\\}</style>c<iframe src="https://x.id">d</iframe>' +
        '<object data="x.swf">e</object><embed src="x.swf">f<form action="/x">g<input value="h"></form>' +
        '<span style="color:red">i</span><u>j</u><div onclick="alert(1)">k</div></p>',
    );
    expect(markdown).toBe('abcf\n\nij\n\nk');
  });

  it("drops an image for its alt text and a link to one of Moodle's own files for its words", () => {
    expect(text('<p>Peta: <img src="@@PLUGINFILE@@/peta.png" alt="Peta *desa*"> <img src="x.png"></p>')).toBe(
      'Peta: Peta \\*desa\\*',
    );
    expect(text('<p><a href="@@PLUGINFILE@@/perdes.pdf">Unduh Perdes</a></p>')).toBe('Unduh Perdes');
  });

  it('makes general feedback Markdown too, and keeps a missing-word blank', () => {
    const q = one(
      '::Q::[html]<p>APB Desa ditetapkan dengan {=Perdes ~Perkades ####<p>Lihat <em>Pasal 73</em>.</p>} di musdes.</p>',
    );
    expect(q.question.text).toBe('APB Desa ditetapkan dengan _____ di musdes.');
    expect(q.explanation).toBe('Lihat *Pasal 73*.');
  });

  it('gives an untitled [html] question the id of its text as written, as before the HTML became Markdown', () => {
    const html = '<p>Siapa <strong>menetapkan</strong> Perdes?</p>';
    expect(parseGift(`[html]${html}{T}`, 'h.gift').questions[0]!.question.id).toBe(textId(`\n${html}`));
  });
});

describe('GIFT as Moodle documents it (hand-written, no titles)', () => {
  const result = parseGift(fixture('moodle-docs.gift'), 'moodle-docs.gift');
  const at = (line: number) => result.questions.find((q) => q.line === line)!;

  it('reads all fifteen examples without errors', () => {
    expect(result.errors).toEqual([]);
    expect(result.questions).toHaveLength(15);
  });

  it('reads the missing-word form with choices and with short answers', () => {
    expect(at(5).question).toMatchObject({ type: 'single', text: "Grant is _____ in Grant's tomb." });
    expect(at(5).key).toMatchObject({ correct: 'b' });
    expect(at(13).question.text).toBe('Two plus two equals _____.');
    expect(at(15)).toMatchObject({
      question: { type: 'short', text: 'Two plus _____ equals four.' },
      key: { accepted: ['two', '2'] },
    });
  });

  it('reads {T} and {F}, several accepted short answers, and both numerical forms', () => {
    expect(at(7).key).toEqual({ type: 'truefalse', correct: false });
    expect(at(9).key).toEqual({ type: 'truefalse', correct: true });
    expect(at(11).key).toEqual({ type: 'short', accepted: ['Grant', 'Ulysses S. Grant', 'Ulysses Grant'] });
    expect(at(23).key).toEqual({ type: 'numeric', ranges: [{ min: 1817, max: 1827 }] });
    expect(at(25).key).toEqual({ type: 'numeric', ranges: [{ min: 3.141, max: 3.142 }] });
  });

  it('reads answers spread over lines with feedback after #', () => {
    expect(at(29).key).toEqual({
      type: 'single',
      correct: 'a',
      feedback: { a: 'right; good!', b: "wrong, it's yellow", c: "wrong, it's yellow" },
    });
  });

  it('follows [markdown] and [plain] markers: Markdown kept, plain text shown as typed, #### general feedback kept', () => {
    expect(at(32).question.text).toBe('Berapa **jumlah** dusun?');
    expect(at(32).explanation).toBe('Desa contoh punya _tiga_ dusun.');
    expect(at(34).question.text).toBe('Apa arti tanda \\*?');
  });

  it('turns every GIFT escape into its character', () => {
    // Moodle's default (auto) format has no Markdown, so ~ and # are escaped for the Markdown renderer.
    expect(at(36).question.text).toBe('Escapes: \\~ = \\# { } stay as text.');
    expect(at(27).question).toMatchObject({ id: 'q1', title: 'Q1', text: '2+2 = 4' });
  });
});

describe('GIFT errors name the file and line, and the good questions are still read', () => {
  const result = parseGift(fixture('gift-errors.gift'), 'quizzes/gift-errors.gift');

  it('reports a syntax error, the unknown types, an empty answer set and no correct answer, each at its line', () => {
    expect(result.errors.map((e) => [e.file, e.line, e.code])).toEqual([
      ['quizzes/gift-errors.gift', 3, 'syntax'],
      ['quizzes/gift-errors.gift', 6, 'unsupported_type'],
      ['quizzes/gift-errors.gift', 8, 'unsupported_type'],
      ['quizzes/gift-errors.gift', 10, 'no_correct_answer'],
      ['quizzes/gift-errors.gift', 12, 'empty_answers'],
      ['quizzes/gift-errors.gift', 16, 'syntax'],
    ]);
    expect(result.errors[1]!.detail).toMatch(/description/);
    expect(result.errors[2]!.detail).toMatch(/essay/);
    expect(result.questions.map((q) => q.question.id)).toEqual(['benar']);
  });

  it('points at the answer line inside a multi-line answer section', () => {
    const r = parseGift('::x::Pilih {\n=satu\n~\n~tiga\n}\n', 'a.gift');
    expect(r.errors).toEqual([{ file: 'a.gift', line: 3, code: 'empty_answers', detail: 'choice 2 is empty' }]);
  });

  it('refuses two questions without a blank line between them, at the second one', () => {
    const r = parseGift('Satu? {T}\nDua? {F}\n', 'a.gift');
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([[2, 'syntax']]);
  });

  it('refuses an unclosed title, a stray closing brace, and several "=" in a single-answer question', () => {
    const r = parseGift('::judul tanpa akhir {T}\n\nTeks } dengan {=a}\n\nPilih {=a =b ~c}\n', 'a.gift');
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [1, 'syntax'],
      [3, 'syntax'],
      [5, 'unsupported_type'],
    ]);
  });

  it('refuses a file with no question', () => {
    expect(parseGift('// hanya komentar\n\n$CATEGORY: x\n', 'a.gift').errors).toMatchObject([
      { line: 1, code: 'no_questions' },
    ]);
  });

  it('never throws on arbitrary text: every input gives questions or errors', () => {
    const nasty = [
      '{',
      '}',
      '::',
      '{#}',
      '{#..}',
      '{=->}',
      '{~%abc%x ~y}',
      '\\',
      '&#99999999;{=a}',
      '{T#}',
      '[html]{=a}',
    ];
    for (const text of nasty) {
      const r = parseGift(text, 'n.gift');
      expect(r.questions.length + r.errors.length).toBeGreaterThan(0);
    }
  });
});

describe('explicit ids keep working', () => {
  it('decodes every HTML5 character reference in [html] choices and feedback, not only a few', () => {
    const r = parseGift(
      '::e::[html]<p>Pilih</p>{=<p>Caf&eacute; &mdash; desa&nbsp;A</p>#Bagus&hellip; ~B &amp; C}',
      'e.gift',
    );
    const q = r.questions[0]!;
    expect(q.question).toMatchObject({ choices: [{ text: 'Café — desa A' }, { text: 'B & C' }] });
    expect(q.key).toMatchObject({ feedback: { a: 'Bagus…' } });
  });

  it('uses this project\'s "// id: x" lines and Moodle\'s "// [id:x]" idnumber', () => {
    const r = parseGift('// id: q-satu\n::A::Satu? {T}\n\n// [id:Soal_2]\nDua? {F}\n', 'a.gift');
    expect(r.questions.map((q) => q.question.id)).toEqual(['q-satu', 'soal-2']);
  });

  it('refuses a badly formed or repeated "// id:" at its line', () => {
    const r = parseGift('// id: Q_1\nSatu? {T}\n\n// id: q2\nDua? {T}\n\n// id: q2\nTiga? {T}\n', 'a.gift');
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [1, 'bad_id'],
      [7, 'duplicate_id'],
    ]);
  });
});

describe('any text at all', () => {
  it('gives questions or errors with a line inside the file, and never throws (GIFT and Aiken)', () => {
    const piece = fc.constantFrom(
      '{',
      '}',
      '~',
      '=',
      '#',
      '####',
      '::',
      '->',
      '\\',
      '%50%',
      '\n',
      '\n\n',
      '//',
      'T',
      'A. ',
      'ANSWER: A',
      ' ',
      'x',
      '$CATEGORY:',
      '[html]',
      '..',
      ':',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const r of [parseGift(text, 'f.gift'), parseAiken(text, 'f.txt')]) {
          expect(r.questions.length + r.errors.length).toBeGreaterThan(0);
          for (const e of [...r.errors, ...r.warnings]) {
            expect(e.line).toBeGreaterThanOrEqual(1);
            expect(e.line).toBeLessThanOrEqual(lines);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
