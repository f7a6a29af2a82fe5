import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Question } from '../../shared/quiz/question';
import { AnswerFeedback } from './AnswerFeedback';
import { dropRepeatedVerdict } from './drop-repeated-verdict';

const question: Question = {
  id: 'q1',
  type: 'single',
  text: 'APB Desa terdiri atas…',
  choices: [
    { id: 'a', text: 'pendapatan, belanja, dan pembiayaan' },
    { id: 'b', text: 'pendapatan, belanja, dan aset' },
  ],
};
const key = {
  type: 'single' as const,
  correct: 'a',
  feedback: { a: 'Benar.', b: 'Kurang tepat. Aset dicatat dalam laporan kekayaan milik desa.' },
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

describe('AnswerFeedback', () => {
  it('says "Benar!" once, not "Benar!" then the author\'s "Benar."', () => {
    act(() =>
      render(
        <AnswerFeedback
          question={question}
          questionKey={key}
          answer={{ type: 'single', choice: 'a' }}
          explanation="Benar. Sebaliknya, aset dicatat terpisah."
          lang="id"
        />,
        root,
      ),
    );
    expect(root.querySelector('.feedback__verdict')?.textContent).toBe('Benar!');
    expect(root.textContent?.match(/Benar/g)).toHaveLength(1);
    expect(root.querySelector('[data-testid="explanation"]')?.textContent).toContain(
      'Sebaliknya, aset dicatat terpisah.',
    );
  });

  it("keeps the author's feedback that says more than the verdict", () => {
    act(() =>
      render(
        <AnswerFeedback question={question} questionKey={key} answer={{ type: 'single', choice: 'b' }} lang="id" />,
        root,
      ),
    );
    expect([...root.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
      'Belum tepat.',
      'Kurang tepat. Aset dicatat dalam laporan kekayaan milik desa.',
    ]);
  });
});

describe('dropRepeatedVerdict', () => {
  it('drops a first sentence that only repeats the verdict, in either language', () => {
    expect(dropRepeatedVerdict('Benar.', ['Benar!', 'Correct!'])).toBe('');
    expect(dropRepeatedVerdict('correct! Well done.', ['Benar!', 'Correct!'])).toBe('Well done.');
    expect(dropRepeatedVerdict('Benar sekali, karena…', ['Benar!'])).toBe('Benar sekali, karena…');
  });
  it('leaves Markdown and other first sentences alone', () => {
    expect(dropRepeatedVerdict('**Benar.** Lihat Pasal 73.', ['Benar!'])).toBe('**Benar.** Lihat Pasal 73.');
    expect(dropRepeatedVerdict('Benarkah? Ya.', ['Benar!'])).toBe('Benarkah? Ya.');
  });
});
