import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuizSummary } from './QuizSummary';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
});
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name);

describe('QuizSummary', () => {
  it('asks before ending an ujian, saying how many questions are unanswered', () => {
    const onFinish = vi.fn(() => Promise.resolve());
    act(() => render(<QuizSummary answered={2} total={5} confirm onReview={() => {}} onFinish={onFinish} />, root));
    act(() => button('Selesai')!.click());
    expect(onFinish).not.toHaveBeenCalled();
    const dialog = root.querySelector('[role="alertdialog"]');
    expect(dialog?.textContent).toContain('Akhiri ujian sekarang?');
    expect(dialog?.textContent).toContain('3 dari 5 soal belum dijawab.');
    expect(document.activeElement?.id).toBe('quiz-confirm-question');
    act(() => button('Batal')!.click());
    expect(root.querySelector('[role="alertdialog"]')).toBeNull();
    expect(onFinish).not.toHaveBeenCalled();
    act(() => button('Selesai')!.click());
    act(() => button('Ya, akhiri ujian')!.click());
    expect(onFinish).toHaveBeenCalledTimes(1);
  });

  it('says so when every question of an ujian is answered', () => {
    act(() => render(<QuizSummary answered={3} total={3} confirm onReview={() => {}} onFinish={vi.fn()} />, root));
    act(() => button('Selesai')!.click());
    expect(root.querySelector('[role="alertdialog"]')?.textContent).toContain('Semua 3 soal sudah dijawab.');
  });

  it('ends a latihan at once: it can be taken again', () => {
    const onFinish = vi.fn(() => Promise.resolve());
    act(() =>
      render(<QuizSummary answered={3} total={3} confirm={false} onReview={() => {}} onFinish={onFinish} />, root),
    );
    act(() => button('Selesai')!.click());
    expect(onFinish).toHaveBeenCalledTimes(1);
  });
});
