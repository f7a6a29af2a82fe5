import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Draft } from '../../shared/authoring/authoring-api';
import type { QuizDraft } from '../../shared/authoring/quiz-draft';
import { QuizEditorPanel } from './QuizEditor';

const DRAFT: Draft = {
  id: 'kursus',
  title: 'Kursus',
  description: '',
  language: 'id',
  updatedAt: '2026-12-01T00:00:00.000Z',
  publishedVersion: null,
  lessons: [],
  media: [],
  quizzes: [],
};

const $ = <T extends Element = HTMLElement>(selector: string) => document.body.querySelector<T>(selector)!;
const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));
const type = (selector: string, value: string) =>
  act(() => {
    const el = $<HTMLInputElement>(selector);
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
const click = (el: Element) => act(() => (el as HTMLElement).click());
const button = (text: string) =>
  Array.from(document.body.querySelectorAll('button')).find((b) => b.textContent === text)!;

describe('QuizEditor', () => {
  afterEach(() => {
    render(null, document.body);
    vi.unstubAllGlobals();
  });

  it('builds a new quiz question by question, refuses an empty question in Indonesian, and saves what it shows', async () => {
    const fetch = vi.fn((_path: string, init: RequestInit) => {
      const body = JSON.parse(init.body as string) as QuizDraft;
      return Promise.resolve(Response.json({ id: 'latihan-baru', questionCount: body.questions.length }));
    });
    vi.stubGlobal('fetch', fetch);
    const saved = vi.fn();
    await act(() => render(<QuizEditorPanel token="t" draft={DRAFT} onSaved={saved} />, document.body));
    await type('#qe-new', 'latihan-baru');
    await act(() => {
      $('#qe-new')
        .closest('form')!
        .dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    await type('#qe-latihan-baru-title', 'Latihan baru');
    await click(button('Tambah soal'));
    await click(button('Simpan kuis'));
    expect($('[data-testid="quiz-editor-status"]').textContent).toContain('Soal 1: Teks soal masih kosong.');
    expect(fetch).not.toHaveBeenCalled();

    const prefix = `#${$('fieldset select').id.replace(/-type$/, '')}`;
    await type(`${prefix}-text`, 'Siapa menetapkan APB Desa?');
    await type(`${prefix}-c-a`, 'Kepala Desa bersama BPD');
    await type(`${prefix}-c-b`, 'Camat');
    await click(button('Simpan kuis'));
    expect($('[data-testid="quiz-editor-status"]').textContent).toContain(
      'Soal 1: Belum ada pilihan yang ditandai benar.',
    );
    await click(document.body.querySelectorAll('input[type="radio"]')[0]!);
    await click(button('Simpan kuis'));
    await flush();

    expect(fetch).toHaveBeenCalledTimes(1);
    const [path, init] = fetch.mock.calls[0]!;
    expect(path).toBe('/api/authoring/courses/kursus/quizzes/latihan-baru');
    expect(init.method).toBe('PUT');
    const body = JSON.parse(init.body as string) as QuizDraft;
    expect(body).toMatchObject({
      title: 'Latihan baru',
      mode: 'latihan',
      role: 'practice',
      questions: [
        {
          type: 'single',
          text: 'Siapa menetapkan APB Desa?',
          choices: [
            { id: 'a', text: 'Kepala Desa bersama BPD' },
            { id: 'b', text: 'Camat' },
          ],
        },
      ],
    });
    expect(body.keys[body.questions[0]!.id]).toEqual({ type: 'single', correct: 'a' });
    expect($('[data-testid="quiz-editor-status"]').textContent).toBe('Kuis tersimpan: 1 soal.');
    expect(saved).toHaveBeenCalled();
  });

  it('opens an imported quiz with its questions and shows the server’s refusal by question', async () => {
    const quiz: QuizDraft = {
      title: 'Dari GIFT',
      mode: 'latihan',
      role: 'practice',
      questions: [{ id: 'dana-desa', type: 'truefalse', text: 'Dana desa dari APBN.' }],
      keys: { 'dana-desa': { type: 'truefalse', correct: true } },
    };
    const fetch = vi.fn((_path: string, init?: RequestInit) =>
      Promise.resolve(
        init?.method === 'PUT'
          ? Response.json(
              { error: { code: 'quiz_invalid', message: 'x', details: { issues: [{ question: 0, code: 'bad_id' }] } } },
              { status: 422 },
            )
          : Response.json(quiz),
      ),
    );
    vi.stubGlobal('fetch', fetch);
    const draft = {
      ...DRAFT,
      quizzes: [
        { id: 'gift', title: 'Dari GIFT', mode: 'latihan', role: 'practice', fileName: 'a.gift', questionCount: 1 },
      ],
    } as Draft;
    await act(() => render(<QuizEditorPanel token="t" draft={draft} onSaved={() => {}} />, document.body));
    await click(button('Ubah kuis Dari GIFT'));
    await flush();
    expect(fetch.mock.calls[0]![0]).toBe('/api/authoring/courses/kursus/quizzes/gift');
    expect($<HTMLInputElement>('#qe-gift-title').value).toBe('Dari GIFT');
    expect($<HTMLTextAreaElement>('fieldset textarea').value).toBe('Dana desa dari APBN.');
    await click(button('Simpan kuis'));
    await flush();
    const status = $('[data-testid="quiz-editor-status"]').textContent;
    expect(status).toContain('Kuis belum bisa disimpan.');
    expect(status).toContain('Soal 1: Kode soal hanya boleh huruf kecil, angka dan tanda -.');
  });
});
