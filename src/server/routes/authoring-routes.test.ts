import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DraftChanges } from '../../shared/authoring/authoring-api';
import type { AuditLogResponse } from '../../shared/audit/audit-action';
import { verifySignedManifest } from '../../shared/course/manifest-signature';
import type { SignedManifest } from '../../shared/course/signed-manifest';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import { createSession } from '../auth/sessions';
import { ensureUser } from '../auth/users';
import { testConfig } from '../config';
import type { QuizDraft } from '../../shared/authoring/quiz-draft';
import type { AnswerValue } from '../../shared/quiz/question';
import type { AnswerItem } from '../../shared/sync/sync-item';
import { getQuizDocument } from '../courses/get-quiz-document';
import { gradeOf } from '../sync/grade-attempts';

const fixture = (name: string) => readFileSync(join('tests/unit/quiz-import/fixtures', name), 'utf8');
/** A real 1×1 PNG. */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
  (ch) => ch.charCodeAt(0),
);
const COURSE = 'kursus-web';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

describeEachStore('author API: courses written in the browser', (kind) => {
  const t = useTestApp(kind);
  const tokens = { author: '', author2: '', learner: '', operator: '', admin: '' };
  const base = `/api/authoring/courses/${COURSE}`;
  const as = (role: keyof typeof tokens) => ({
    get: (path: string) => t.call('GET', path, { token: tokens[role] }),
    post: (path: string, json: unknown) => t.call('POST', path, { token: tokens[role], json }),
    put: (path: string, json: unknown) => t.call('PUT', path, { token: tokens[role], json }),
  });
  const upload = (name: string, bytes: Uint8Array<ArrayBuffer>, type: string, token = tokens.author) =>
    t.app.request(`${base}/media/${name}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': type },
      body: bytes,
    });
  const error = async (res: Response) => ((await res.json()) as ErrorBody).error;

  beforeAll(async () => {
    for (const role of ['author', 'author2', 'learner', 'operator', 'admin'] as const) {
      const user = await ensureUser(t.store, {
        username: `w-${role}`,
        name: role,
        role: role === 'author2' ? 'author' : role,
        desaCode: null,
      });
      tokens[role] = (await createSession(t.store, user.id, undefined)).token;
    }
  });

  describe('roles', () => {
    it('lets only authors and admins in: a learner and an operator get 403, no token 401', async () => {
      for (const role of ['learner', 'operator'] as const) {
        expect((await as(role).get('/api/authoring/courses')).status).toBe(403);
        expect((await as(role).post('/api/authoring/courses', { id: 'x', title: 'X' })).status).toBe(403);
        expect((await upload('a.png', PNG, 'image/png', tokens[role])).status).toBe(403);
      }
      expect((await t.call('GET', '/api/authoring/courses')).status).toBe(401);
      expect((await as('admin').get('/api/authoring/courses')).status).toBe(200);
    });
  });

  describe('a course from scratch', () => {
    it('creates a draft and refuses a second one with the same id', async () => {
      const res = await as('author').post('/api/authoring/courses', {
        id: COURSE,
        title: 'Kursus dari peramban',
        description: 'Ditulis di peramban',
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({
        id: COURSE,
        lessons: [],
        media: [],
        quizzes: [],
        publishedVersion: null,
      });
      const again = await as('author2').post('/api/authoring/courses', { id: COURSE, title: 'Lagi' });
      expect(again.status).toBe(409);
      expect((await error(again)).code).toBe('course_exists');
      expect((await as('author').get('/api/authoring/courses/tidak-ada')).status).toBe(404);
    });

    it('stores an uploaded image whose bytes, declared type and name agree', async () => {
      const res = await upload('peta.png', PNG, 'image/png');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        name: 'peta.png',
        path: 'media/peta.png',
        type: 'image/png',
        size: PNG.length,
      });
    });

    it('refuses a file whose bytes are not what its name says, a wrong declared type, an unsupported kind, an empty file and one over the body limit', async () => {
      const text = new TextEncoder().encode('<script>alert(1)</script>');
      const cases: Array<[Response, number, string]> = [
        [await upload('foto.png', text, 'image/png'), 415, 'media_type_mismatch'],
        [await upload('foto.jpg', PNG, 'image/jpeg'), 415, 'media_type_mismatch'],
        [await upload('foto.png', PNG, 'image/jpeg'), 415, 'media_type_mismatch'],
        [await upload('alat.exe', PNG, 'application/octet-stream'), 415, 'media_type_unsupported'],
        [await upload('kosong.png', new Uint8Array(0), 'image/png'), 400, 'empty_file'],
      ];
      // One request stays under the body limit; a larger file goes through the resumable upload
      // (authoring-media-attach.test.ts: its own limit, `media_too_large`).
      const big = new Uint8Array(testConfig().maxBodyBytes + 1);
      big.set(PNG);
      cases.push([await upload('besar.png', big, 'image/png'), 413, 'body_too_large']);
      for (const [res, status, code] of cases) {
        expect(res.status).toBe(status);
        expect((await error(res)).code).toBe(code);
      }
      const draft = (await (await as('author').get(base)).json()) as { media: Array<{ name: string }> };
      expect(draft.media.map((m) => m.name)).toEqual(['peta.png']);
    });

    it('saves a lesson that shows the image', async () => {
      const res = await as('author').put(`${base}/lessons/pengantar`, {
        markdown: '# Pengantar\n\nPeta desa:\n\n![Peta desa](media/peta.png)\n',
      });
      expect(res.status).toBe(204);
    });

    it('imports a quiz from a GIFT file as Moodle exports it, with partial credit as warnings', async () => {
      const res = await as('author').post(`${base}/quizzes`, {
        id: 'latihan-1',
        title: 'Latihan 1',
        mode: 'latihan',
        fileName: 'moodle-export.gift',
        text: fixture('moodle-export.gift'),
      });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { questionCount: number; warnings: Array<{ line: number; code: string }> };
      expect(body.questionCount).toBe(7);
      expect(body.warnings.map((w) => [w.line, w.code])).toEqual([
        [21, 'unsupported_weight'],
        [28, 'unsupported_weight'],
      ]);
    });

    it('refuses a GIFT or Aiken file with errors, naming every file and line, and keeps nothing of it', async () => {
      const gift = await as('author').post(`${base}/quizzes`, {
        id: 'rusak',
        title: 'Rusak',
        mode: 'latihan',
        fileName: 'gift-errors.gift',
        text: fixture('gift-errors.gift'),
      });
      expect(gift.status).toBe(422);
      const giftError = await error(gift);
      expect(giftError.code).toBe('quiz_import_failed');
      expect(giftError.message).toMatch(/^gift-errors\.gift:3: /);
      const issues = (giftError.details as { errors: Array<{ file: string; line: number; code: string }> }).errors;
      expect(issues.map((e) => [e.file, e.line, e.code])).toEqual([
        ['gift-errors.gift', 3, 'syntax'],
        ['gift-errors.gift', 6, 'unsupported_type'],
        ['gift-errors.gift', 8, 'unsupported_type'],
        ['gift-errors.gift', 10, 'no_correct_answer'],
        ['gift-errors.gift', 12, 'empty_answers'],
        ['gift-errors.gift', 16, 'syntax'],
      ]);
      const aiken = await as('author').post(`${base}/quizzes`, {
        id: 'rusak',
        title: 'Rusak',
        mode: 'latihan',
        fileName: 'soal.txt',
        text: fixture('aiken-errors.txt'),
      });
      expect(aiken.status).toBe(422);
      const aikenIssues = ((await error(aiken)).details as { errors: Array<{ line: number }> }).errors;
      expect(aikenIssues.map((e) => e.line)).toEqual([1, 7, 9]);
      const draft = (await (await as('author').get(base)).json()) as { quizzes: Array<{ id: string }> };
      expect(draft.quizzes.map((q) => q.id)).toEqual(['latihan-1']);
    });

    it('imports an Aiken file', async () => {
      const res = await as('author').post(`${base}/quizzes`, {
        id: 'aiken-1',
        title: 'Soal Aiken',
        mode: 'latihan',
        fileName: 'soal.txt',
        text: fixture('aiken-standard.txt'),
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ id: 'aiken-1', questionCount: 3 });
    });

    it('previews the first version: every file is new and its bytes are what a phone downloads', async () => {
      const res = await as('author').get(`${base}/preview`);
      expect(res.status).toBe(200);
      const preview = (await res.json()) as {
        manifest: {
          version: string;
          files: Array<{ path: string; size: number }>;
          modules: Array<{ lessons: unknown[] }>;
        };
        quizzes: Array<{ id: string; keys?: unknown }>;
        changes: DraftChanges;
      };
      expect(preview.manifest.version).toBe('1.0.0');
      expect(preview.manifest.files.map((f) => f.path).sort()).toEqual([
        'media/peta.png',
        'pengantar.md',
        'quizzes/aiken-1.json',
        'quizzes/latihan-1.json',
      ]);
      expect(preview.changes).toMatchObject({ previousVersion: null, changed: [], removed: [], downloadFiles: 4 });
      expect(preview.changes.downloadBytes).toBe(preview.manifest.files.reduce((s, f) => s + f.size, 0));
      expect(preview.quizzes.map((q) => q.id)).toEqual(['latihan-1', 'aiken-1']);
    });

    it('publishes 1.0.0 signed with the course key; the catalog lists it and the manifest verifies', async () => {
      const res = await as('author').post(`${base}/publish`, {});
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ courseId: COURSE, version: '1.0.0' });
      const catalog = (await (await as('learner').get('/api/courses')).json()) as Array<{ id: string }>;
      expect(catalog.map((c) => c.id)).toContain(COURSE);
      const envelope = (await (
        await as('learner').get(`/api/courses/${COURSE}/versions/latest`)
      ).json()) as SignedManifest;
      const manifest = await verifySignedManifest(envelope);
      expect(manifest.modules[0]!.lessons).toMatchObject([{ id: 'pengantar', title: 'Pengantar' }]);
    });

    it('lets a second author add a lesson and publish 1.1.0 with the same key; only the new lesson is downloaded', async () => {
      const lesson = '# Pelajaran kedua\n\nIsi baru.\n';
      expect((await as('author2').put(`${base}/lessons/kedua`, { markdown: lesson })).status).toBe(204);
      const preview = (await (await as('author2').get(`${base}/preview`)).json()) as { changes: DraftChanges };
      expect(preview.changes).toMatchObject({
        version: '1.1.0',
        previousVersion: '1.0.0',
        added: ['kedua.md'],
        changed: [],
        removed: [],
        downloadFiles: 1,
        downloadBytes: new TextEncoder().encode(lesson).length,
      });
      const res = await as('author2').post(`${base}/publish`, {});
      expect(res.status).toBe(201);
      const body = (await res.json()) as { version: string; changes: DraftChanges };
      expect(body.version).toBe('1.1.0');
      expect(body.changes.added).toEqual(['kedua.md']);
      const again = await as('author2').post(`${base}/publish`, { version: '1.1.0' });
      expect(again.status).toBe(409);
    });

    it('writes the imports and both publishes to the audit log', async () => {
      const log = (await (await as('admin').get('/api/audit')).json()) as AuditLogResponse;
      const mine = log.entries
        .filter((e) => e.targetId === COURSE)
        .map((e) => [e.action, e.detail.version ?? e.detail.quiz]);
      expect(mine).toEqual([
        ['course.publish', '1.1.0'],
        ['course.publish', '1.0.0'],
        ['course.import', 'aiken-1'],
        ['course.import', 'latihan-1'],
      ]);
    });
  });

  describe('a draft that cannot be published', () => {
    const other = '/api/authoring/courses/kursus-rusak';
    beforeAll(async () => {
      await as('author').post('/api/authoring/courses', { id: 'kursus-rusak', title: 'Rusak' });
    });

    it('names the lesson file and line of a link to a file that was not uploaded, and publishes nothing', async () => {
      await as('author').put(`${other}/lessons/satu`, { markdown: '# Satu\n\nTeks\n\n![hilang](media/hilang.png)\n' });
      for (const res of [await as('author').get(`${other}/preview`), await as('author').post(`${other}/publish`, {})]) {
        expect(res.status).toBe(422);
        expect(await error(res)).toMatchObject({ code: 'draft_invalid', details: { file: 'satu.md', line: 5 } });
      }
      expect((await as('author').get('/api/courses/kursus-rusak/versions/latest')).status).toBe(404);
    });

    it('names a lesson without a "# Title" line', async () => {
      await as('author').put(`${other}/lessons/satu`, { markdown: 'Tanpa judul' });
      const res = await as('author').get(`${other}/preview`);
      expect(await error(res)).toMatchObject({ code: 'draft_invalid', details: { file: 'satu.md', line: 1 } });
    });

    it('refuses a lesson title over 200 characters and a lesson with the id of a quiz, as the manifest would', async () => {
      await as('author').put(`${other}/lessons/satu`, { markdown: `# ${'Judul panjang '.repeat(20)}\n\nIsi\n` });
      expect(await error(await as('author').get(`${other}/preview`))).toMatchObject({ code: 'draft_invalid' });
      await as('author').put(`${other}/lessons/satu`, { markdown: '# Satu\n' });
      const quiz = { title: 'Q', mode: 'latihan', fileName: 'a.gift', text: 'Benar? {T}' };
      expect((await as('author').post(`${other}/quizzes`, { ...quiz, id: 'satu' })).status).toBe(201);
      const res = await as('author').post(`${other}/publish`, {});
      expect(res.status).toBe(422);
      expect((await error(res)).code).toBe('draft_invalid');
    });

    it('answers bad ids and bodies with 4xx, never 5xx', async () => {
      const responses = [
        await as('author').post('/api/authoring/courses', { id: 'Bukan Id', title: 'x' }),
        await as('author').post('/api/authoring/courses', { id: 'ok', title: '' }),
        await as('author').put(`${other}/lessons/Bad_Id`, { markdown: '# x' }),
        await as('author').put(`${other}/lessons/satu`, { markdown: 5 }),
        await as('author').post(`${other}/quizzes`, {
          id: 'q',
          title: 'q',
          mode: 'bebas',
          fileName: 'a.gift',
          text: '',
        }),
        await as('author').post(`${other}/quizzes`, {
          id: 'q',
          title: 'q',
          mode: 'latihan',
          fileName: 'a.gift',
          text: '',
        }),
        await as('author').post(`${other}/publish`, { version: 'satu' }),
        await as('author').get(`${other}/preview?version=x`),
        await t.call('PUT', `${other}/media/..%2Fetc`, { token: tokens.author }),
        await as('author').get(`/api/authoring/courses/tidak-ada/preview`),
      ];
      for (const res of responses) {
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
    });
  });

  describe('a quiz written in the question editor', () => {
    const editor = '/api/authoring/courses/kursus-editor';
    const posttest: QuizDraft = {
      title: 'Post-test',
      mode: 'ujian',
      role: 'posttest',
      passScore: 70,
      questions: [
        {
          id: 'apbdes',
          type: 'single',
          text: 'Siapa menetapkan APB Desa?',
          choices: [
            { id: 'a', text: 'Kepala Desa bersama BPD' },
            { id: 'b', text: 'Camat' },
          ],
        },
        { id: 'musdes', type: 'truefalse', text: 'Musyawarah desa dipimpin BPD.' },
      ],
      keys: {
        apbdes: { type: 'single', correct: 'a', feedback: { b: 'Camat hanya mengevaluasi.' } },
        musdes: { type: 'truefalse', correct: true },
      },
      explanations: { apbdes: 'Lihat Permendagri 20/2018.' },
    };
    beforeAll(async () => {
      await as('author').post('/api/authoring/courses', { id: 'kursus-editor', title: 'Kursus editor' });
      await as('author').put(`${editor}/lessons/satu`, { markdown: '# Satu\n\nIsi.\n' });
    });

    it('lets only authors and admins save or read a quiz', async () => {
      for (const role of ['learner', 'operator'] as const) {
        expect((await as(role).put(`${editor}/quizzes/post`, posttest)).status).toBe(403);
        expect((await as(role).get(`${editor}/quizzes/post`)).status).toBe(403);
      }
      expect((await as('author').get(`${editor}/quizzes/post`)).status).toBe(404);
    });

    it('refuses a bad quiz with 422 quiz_invalid naming each question by index, and keeps nothing', async () => {
      const bad: QuizDraft = {
        title: 'Rusak',
        mode: 'latihan',
        role: 'practice',
        questions: [
          { id: 'kosong', type: 'truefalse', text: '  ' },
          { id: 'satu-pilihan', type: 'single', text: 'Pilih', choices: [{ id: 'a', text: 'Satu' }] },
          {
            id: 'tanpa-benar',
            type: 'multiple',
            text: 'Pilih',
            choices: [
              { id: 'a', text: 'A' },
              { id: 'b', text: 'B' },
            ],
          },
          { id: 'isian', type: 'short', text: 'Isi' },
          { id: 'isian', type: 'truefalse', text: 'Lagi' },
        ],
        keys: {
          kosong: { type: 'truefalse', correct: true },
          'satu-pilihan': { type: 'single', correct: 'a' },
          'tanpa-benar': { type: 'multiple', weights: { a: 0, b: 0 } },
          isian: { type: 'short', accepted: ['', ' '] },
        },
      };
      const res = await as('author').put(`${editor}/quizzes/rusak`, bad);
      expect(res.status).toBe(422);
      const body = await error(res);
      expect(body.code).toBe('quiz_invalid');
      expect(body.message).toBe('question 1: empty_text');
      expect((body.details as { issues: unknown }).issues).toEqual([
        { question: 0, code: 'empty_text' },
        { question: 1, code: 'too_few_choices' },
        { question: 2, code: 'no_correct_answer' },
        { question: 3, code: 'empty_answers' },
        { question: 4, code: 'duplicate_id' },
      ]);
      const pre = await as('author').put(`${editor}/quizzes/pre`, { ...posttest, role: 'pretest', mode: 'latihan' });
      expect(pre.status).toBe(422);
      expect((await error(pre)).details).toEqual({ issues: [{ question: -1, code: 'not_ujian' }] });
      const shapes = [
        await as('author').put(`${editor}/quizzes/rusak`, {
          ...posttest,
          questions: [{ id: 'x', type: 'essay', text: 'x' }],
        }),
        await as('author').put(`${editor}/quizzes/rusak`, { ...posttest, passScore: 150 }),
        await as('author').put(`${editor}/quizzes/Bukan_Id`, posttest),
        await as('author').put(`/api/authoring/courses/tidak-ada/quizzes/post`, posttest),
      ];
      expect(shapes.map((r) => r.status)).toEqual([400, 400, 400, 404]);
      const draft = (await (await as('author').get(editor)).json()) as { quizzes: unknown[] };
      expect(draft.quizzes).toEqual([]);
    });

    it('opens an imported GIFT quiz in the editor shape and saves an edit of it with the same question ids', async () => {
      const gift =
        '::Struktur APB Desa:: APB Desa terdiri dari? {=Pendapatan, belanja, pembiayaan ~Hanya belanja}\n\nDana desa bersumber dari APBN. {T}\n';
      const imported = await as('author').post(`${editor}/quizzes`, {
        id: 'latihan',
        title: 'Latihan',
        mode: 'latihan',
        fileName: 'latihan.gift',
        text: gift,
      });
      expect(imported.status).toBe(201);
      const opened = await as('author').get(`${editor}/quizzes/latihan`);
      expect(opened.status).toBe(200);
      const quiz = (await opened.json()) as QuizDraft;
      expect(quiz).toMatchObject({ title: 'Latihan', mode: 'latihan', role: 'practice' });
      const ids = quiz.questions.map((q) => q.id);
      expect(ids[0]).toBe('struktur-apb-desa');
      expect(quiz.keys[ids[1]!]).toEqual({ type: 'truefalse', correct: true });
      // The author fixes the second question's text and adds a short-answer question.
      const edited: QuizDraft = {
        ...quiz,
        questions: [
          quiz.questions[0]!,
          { ...quiz.questions[1]!, text: 'Dana Desa bersumber dari APBN.' },
          { id: 'singkatan-bpd', type: 'short', text: 'Kepanjangan BPD?' },
        ],
        keys: { ...quiz.keys, 'singkatan-bpd': { type: 'short', accepted: ['Badan Permusyawaratan Desa'] } },
      };
      const saved = await as('author').put(`${editor}/quizzes/latihan`, edited);
      expect(saved.status).toBe(200);
      expect(await saved.json()).toEqual({ id: 'latihan', questionCount: 3 });
      const again = (await (await as('author').get(`${editor}/quizzes/latihan`)).json()) as QuizDraft;
      expect(again.questions.map((q) => q.id)).toEqual([...ids, 'singkatan-bpd']);
      expect(again.questions[1]!.text).toBe('Dana Desa bersumber dari APBN.');
      const draft = (await (await as('author').get(editor)).json()) as {
        quizzes: Array<{ id: string; questionCount: number }>;
      };
      expect(draft.quizzes).toMatchObject([{ id: 'latihan', questionCount: 3 }]);
    });

    it('publishes an editor quiz like an imported one: the pass mark in the manifest, ujian keys only on the server, and scored there', async () => {
      expect((await as('author').put(`${editor}/quizzes/post`, posttest)).status).toBe(200);
      const published = await as('author').post(`${editor}/publish`, {});
      expect(published.status).toBe(201);
      const envelope = (await (
        await as('learner').get('/api/courses/kursus-editor/versions/latest')
      ).json()) as SignedManifest;
      const manifest = await verifySignedManifest(envelope);
      expect(manifest.posttest).toMatchObject({ id: 'post', mode: 'ujian', passScore: 70, questionCount: 2 });
      expect(manifest.modules[0]!.quizzes).toMatchObject([{ id: 'latihan', questionCount: 3 }]);
      const preview = (await (await as('author').get(`${editor}/preview`)).json()) as {
        quizzes: Array<{ id: string; keys?: unknown }>;
      };
      expect(preview.quizzes.find((q) => q.id === 'post')!.keys).toBeUndefined();
      const quiz = (await getQuizDocument(t.store, 'kursus-editor', '1.0.0', 'post'))!;
      expect(quiz.doc.explanations).toEqual({ apbdes: 'Lihat Permendagri 20/2018.' });
      const answer = (questionId: string, value: AnswerValue) => ({ questionId, value, answeredAt: 1 }) as AnswerItem;
      const right = gradeOf(
        quiz,
        [answer('apbdes', { type: 'single', choice: 'a' }), answer('musdes', { type: 'truefalse', value: true })],
        null,
      );
      expect(right).toMatchObject({ score: 100, passed: true });
      const half = gradeOf(
        quiz,
        [answer('apbdes', { type: 'single', choice: 'b' }), answer('musdes', { type: 'truefalse', value: true })],
        null,
      );
      expect(half).toMatchObject({ score: 50, passed: false });
    });

    it('answers odd quiz bodies with 4xx, never 5xx', async () => {
      const q = posttest.questions[0]!;
      const bodies: unknown[] = [
        null,
        [],
        'kuis',
        { ...posttest, questions: 'bukan daftar' },
        { ...posttest, keys: { apbdes: { type: 'single', correct: 'z' } } },
        { ...posttest, keys: { apbdes: { type: 'short', accepted: ['x'] } } },
        {
          ...posttest,
          questions: [
            { ...q, choices: [q.type === 'single' ? q.choices[0] : null, q.type === 'single' ? q.choices[0] : null] },
          ],
        },
        { ...posttest, keys: {} },
        { ...posttest, title: ' ' },
        { ...posttest, passScore: 70.5 },
        { ...posttest, title: 'a\u0000b' },
      ];
      for (const json of bodies) {
        const res = await as('author').put(`${editor}/quizzes/aneh`, json);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
      const form = await t.app.request(`${editor}/quizzes/aneh`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${tokens.author}`, 'Content-Type': 'text/plain' },
        body: JSON.stringify(posttest),
      });
      expect(form.status).toBe(415);
      expect((await as('author').get(`${editor}/quizzes/aneh`)).status).toBe(404);
    });

    it('writes each saved quiz to the audit log as the import does', async () => {
      const log = (await (await as('admin').get('/api/audit')).json()) as AuditLogResponse;
      const mine = log.entries
        .filter((e) => e.targetId === 'kursus-editor' && e.action === 'course.import')
        .map((e) => [e.detail.quiz, e.detail.editor ?? false]);
      expect(mine).toEqual([
        ['post', true],
        ['latihan', true],
        ['latihan', false],
      ]);
    });
  });
});
