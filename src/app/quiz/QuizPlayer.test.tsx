import 'fake-indexeddb/auto';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../db/database';
import type { AttemptRecord } from '../../db/learning-records';
import type { QuizDocument } from '../../shared/quiz/question';
import { readQuestionDrafts } from './question-drafts';
import { openAttempt } from './start-attempt';
import { QuizPlayer } from './QuizPlayer';

const doc: QuizDocument = {
  id: 'pre-test',
  title: 'Pre-test',
  mode: 'ujian',
  questions: [
    { id: 't1', type: 'truefalse', text: 'Satu' },
    { id: 'm2', type: 'multiple', text: 'Dua', choices: ['a', 'b', 'c'].map((id) => ({ id, text: `Pilihan ${id}` })) },
    { id: 'n3', type: 'numeric', text: 'Tiga' },
  ],
};

let root: HTMLElement;
let attempt: AttemptRecord;
beforeEach(async () => {
  root = document.createElement('div');
  document.body.append(root);
  attempt = await openAttempt(db, {
    learnerId: crypto.randomUUID(),
    courseId: 'c',
    courseVersion: '1.0.0',
    quizId: 'pre-test',
    mode: 'ujian',
  });
});
afterEach(async () => {
  act(() => render(null, root));
  root.remove();
  await Promise.all([db.attempts.clear(), db.answers.clear(), db.outbox.clear(), db.drafts.clear()]);
});

const onFinish = vi.fn(() => Promise.resolve());
const play = async () => {
  act(() => render(<QuizPlayer doc={doc} attempt={attempt} lang="id" onFinish={onFinish} />, root));
  await vi.waitFor(() => expect(root.querySelector('[data-testid="question-position"]')).not.toBeNull());
};
const position = () => root.querySelector('[data-testid="question-position"]')?.textContent;
const saveState = () => root.querySelector('[data-testid="save-state"]')?.textContent;
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name)!;
const input = (label: string) =>
  [...root.querySelectorAll('label')].find((l) => l.textContent === label)!.querySelector('input')!;
const click = (element: HTMLElement) => act(() => element.click());

describe('QuizPlayer', () => {
  it('says "Jawaban tersimpan." only for the question whose entry on screen is saved', async () => {
    await play();
    expect(saveState()).toBe('');
    click(input('Benar'));
    expect(saveState()).toBe('Belum disimpan. Tekan "Simpan jawaban".');
    click(button('Simpan jawaban'));
    await vi.waitFor(() => expect(position()).toBe('Soal 2 dari 3'));
    // The next question has nothing saved: nothing on screen may look saved.
    expect(saveState()).toBe('');
    click(input('Pilihan a'));
    expect(saveState()).toBe('Belum disimpan. Tekan "Simpan jawaban".');
    click(button('Soal sebelumnya'));
    await vi.waitFor(() => expect(position()).toBe('Soal 1 dari 3'));
    expect(saveState()).toBe('Jawaban tersimpan.');
    click(input('Salah'));
    expect(saveState()).toBe('Belum disimpan. Tekan "Simpan jawaban".');
    click(input('Benar'));
    expect(saveState()).toBe('Jawaban tersimpan.');
  });

  it('keeps every tick on the phone at once and shows it again when the quiz is reopened', async () => {
    await play();
    click(button('Soal berikutnya'));
    await vi.waitFor(() => expect(position()).toBe('Soal 2 dari 3'));
    click(input('Pilihan a'));
    click(input('Pilihan c'));
    await vi.waitFor(async () =>
      expect((await readQuestionDrafts(db, attempt.id)).get('m2')?.entry).toEqual({ choices: ['a', 'c'] }),
    );
    act(() => render(null, root));
    attempt = (await db.attempts.get(attempt.id))!;
    await play();
    click(button('Soal berikutnya'));
    await vi.waitFor(() => expect(position()).toBe('Soal 2 dari 3'));
    expect([input('Pilihan a').checked, input('Pilihan b').checked, input('Pilihan c').checked]).toEqual([
      true,
      false,
      true,
    ]);
    expect(saveState()).toBe('Belum disimpan. Tekan "Simpan jawaban".');
  });

  it('keeps typing after a short pause, and at once when the question is left', async () => {
    await play();
    click(button('Soal berikutnya'));
    click(button('Soal berikutnya'));
    await vi.waitFor(() => expect(position()).toBe('Soal 3 dari 3'));
    const field = root.querySelector<HTMLInputElement>('input[type="text"]')!;
    act(() => {
      field.value = '6,5';
      field.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await vi.waitFor(
      async () => expect((await readQuestionDrafts(db, attempt.id)).get('n3')?.entry).toEqual({ text: '6,5' }),
      {
        timeout: 1000,
      },
    );
    act(() => {
      field.value = '7';
      field.dispatchEvent(new Event('input', { bubbles: true }));
    });
    click(button('Soal sebelumnya'));
    await vi.waitFor(async () =>
      expect((await readQuestionDrafts(db, attempt.id)).get('n3')?.entry).toEqual({ text: '7' }),
    );
  });

  it('saving an entry clears its kept copy, so it is the saved answer that shows', async () => {
    await play();
    click(input('Salah'));
    click(button('Simpan jawaban'));
    await vi.waitFor(() => expect(position()).toBe('Soal 2 dari 3'));
    expect((await readQuestionDrafts(db, attempt.id)).has('t1')).toBe(false);
    const outbox = await db.outbox.toArray();
    expect(outbox.map((r) => r.item.kind === 'answer' && r.item.value)).toEqual([{ type: 'truefalse', value: false }]);
  });

  it('counts in the summary what each question shows, and asks before ending the ujian', async () => {
    await play();
    click(input('Benar'));
    click(button('Soal berikutnya'));
    click(button('Soal berikutnya'));
    click(button('Lihat ringkasan'));
    await vi.waitFor(() => expect(root.querySelector('#summary-title')).not.toBeNull());
    expect(root.textContent).toContain('1 dari 3 soal sudah dijawab.');
    click(button('Selesai'));
    expect(onFinish).not.toHaveBeenCalled();
    expect(root.querySelector('[data-testid="finish-confirm"]')?.textContent).toContain('2 dari 3 soal belum dijawab.');
  });
});
