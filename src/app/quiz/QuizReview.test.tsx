import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerValue, QuizDocument } from '../../shared/quiz/question';
import { QuizReview } from './QuizReview';

const doc: QuizDocument = {
  id: 'posttest',
  title: 'Post-test',
  mode: 'ujian',
  questions: [
    {
      id: 'q1',
      type: 'single',
      text: 'APB Desa ditetapkan dengan…',
      choices: [
        { id: 'a', text: 'Peraturan Desa' },
        { id: 'b', text: 'Keputusan Camat' },
      ],
    },
    { id: 'q2', type: 'truefalse', text: 'RKP Desa disusun tiap tahun.' },
    { id: 'q3', type: 'numeric', text: 'Berapa tahun masa RPJM Desa?' },
  ],
};
const keys = {
  q1: { type: 'single' as const, correct: 'a', feedback: { b: 'Camat tidak menetapkan APB Desa.' } },
  q2: { type: 'truefalse' as const, correct: true },
  q3: { type: 'numeric' as const, ranges: [{ min: 6, max: 6 }] },
};

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
});

const items = () => [...root.querySelectorAll('[data-testid="review-item"]')];

describe('QuizReview', () => {
  it('shows per question the learner’s answer, right or wrong, the right answer when wrong, feedback and explanation', () => {
    const answers = new Map<string, AnswerValue>([
      ['q1', { type: 'single', choice: 'b' }],
      ['q2', { type: 'truefalse', value: true }],
    ]);
    const explanations = { q1: 'APB Desa ditetapkan dengan **Peraturan Desa** bersama BPD.' };
    act(() =>
      render(<QuizReview doc={doc} keys={keys} explanations={explanations} answers={answers} lang="id" />, root),
    );
    const [q1, q2, q3] = items();
    expect(q1!.textContent).toContain('Jawaban Anda: Keputusan Camat');
    expect(q1!.textContent).toContain('Belum tepat.');
    expect(q1!.querySelector('[data-testid="review-correct"]')?.textContent).toBe('Jawaban benar: Peraturan Desa');
    expect(q1!.textContent).toContain('Camat tidak menetapkan APB Desa.');
    expect(q1!.querySelector('[data-testid="explanation"] strong')?.textContent).toBe('Peraturan Desa');
    expect(q2!.textContent).toContain('Jawaban Anda: Benar');
    expect(q2!.textContent).toContain('Benar!');
    expect(q2!.querySelector('[data-testid="review-correct"]')).toBeNull();
    expect(q3!.textContent).toContain('Jawaban Anda: Tidak dijawab');
    expect(q3!.querySelector('[data-testid="review-correct"]')?.textContent).toBe('Jawaban benar: 6');
  });

  it('leaves out a question it has no key for instead of calling it wrong', () => {
    const { q1 } = keys;
    act(() => render(<QuizReview doc={doc} keys={{ q1 }} answers={new Map()} lang="id" />, root));
    expect(items()).toHaveLength(1);
  });
});
