import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Question } from '../../shared/quiz/question';
import type { AnswerDraft } from './answer-draft';
import { AnswerInput } from './AnswerInput';

const matching: Question = {
  id: 'q6',
  type: 'matching',
  text: 'Pasangkan',
  left: [
    { id: 'a', text: 'RPJMDes' },
    { id: 'b', text: 'RKPDes' },
  ],
  right: [
    { id: 'x', text: '6 tahun' },
    { id: 'y', text: '1 tahun' },
  ],
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

describe('AnswerInput (matching)', () => {
  it('shows a chosen pair as chosen, not like the "Pilih pasangan" prompt, also while disabled', () => {
    let draft: AnswerDraft = {};
    const show = (disabled: boolean) =>
      act(() =>
        render(
          <AnswerInput
            question={matching}
            draft={draft}
            onChange={(next) => {
              draft = next;
              show(false);
            }}
            disabled={disabled}
            lang="id"
            labelledBy="t"
          />,
          root,
        ),
      );
    show(false);
    const [first, second] = [...root.querySelectorAll('select')];
    expect(first!.className).toBe('matching__select');
    act(() => {
      first!.value = 'x';
      first!.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(draft).toEqual({ pairs: { a: 'x' } });
    expect(first!.value).toBe('x');
    expect(first!.selectedOptions[0]?.textContent).toBe('6 tahun');
    expect(first!.className).toBe('matching__select matching__select--chosen');
    expect(second!.className).toBe('matching__select');
    show(true);
    expect(first!.value).toBe('x');
    expect(first!.className).toBe('matching__select matching__select--chosen');
  });
});
