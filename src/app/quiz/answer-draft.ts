import type { AnswerValue, Question } from '../../shared/quiz/question';
import { parseNumberInput } from '../../shared/quiz/parse-number-input';

/** What the learner has entered so far for one question, before it is saved. */
export interface AnswerDraft {
  choice?: string;
  choices?: string[];
  value?: boolean;
  text?: string;
  pairs?: Record<string, string>;
}

export type DraftResult = { ok: true; value: AnswerValue } | { ok: false; reason: 'empty' | 'not-a-number' };

/**
 * Turns an entry into the answer to save, or says why it cannot be saved yet. Numbers are read
 * the Indonesian way ("42,5").
 * @example toAnswerValue(question, { text: '42,5' }) // { ok: true, value: { type: 'numeric', value: 42.5 } }
 */
export function toAnswerValue(question: Question, draft: AnswerDraft): DraftResult {
  const empty = { ok: false, reason: 'empty' } as const;
  switch (question.type) {
    case 'single':
      return draft.choice ? { ok: true, value: { type: 'single', choice: draft.choice } } : empty;
    case 'multiple':
      return draft.choices?.length ? { ok: true, value: { type: 'multiple', choices: draft.choices } } : empty;
    case 'truefalse':
      return draft.value === undefined ? empty : { ok: true, value: { type: 'truefalse', value: draft.value } };
    case 'short': {
      const text = draft.text?.trim() ?? '';
      return text ? { ok: true, value: { type: 'short', text } } : empty;
    }
    case 'numeric': {
      if (!draft.text?.trim()) return empty;
      const value = parseNumberInput(draft.text);
      return value === undefined
        ? { ok: false, reason: 'not-a-number' }
        : { ok: true, value: { type: 'numeric', value } };
    }
    case 'matching': {
      const pairs = Object.fromEntries(Object.entries(draft.pairs ?? {}).filter(([, right]) => right !== ''));
      return Object.keys(pairs).length ? { ok: true, value: { type: 'matching', pairs } } : empty;
    }
  }
}

/** The entry that shows a saved answer again (going back to a question, or after a reload). */
export function toDraft(value: AnswerValue | undefined, locale: string): AnswerDraft {
  if (!value) return {};
  switch (value.type) {
    case 'single':
      return { choice: value.choice };
    case 'multiple':
      return { choices: [...value.choices] };
    case 'truefalse':
      return { value: value.value };
    case 'short':
      return { text: value.text };
    case 'numeric':
      return {
        text: new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 10 }).format(value.value),
      };
    case 'matching':
      return { pairs: { ...value.pairs } };
  }
}

/**
 * Whether two answers say the same thing (matching pairs in any key order), so an entry that
 * equals the saved answer can be called saved, and one that differs never is.
 * @example sameAnswer({ type: 'multiple', choices: ['a'] }, { type: 'multiple', choices: ['a'] }) // true
 */
export function sameAnswer(a: AnswerValue | undefined, b: AnswerValue | undefined): boolean {
  if (!a || !b) return a === b;
  return canonical(a) === canonical(b);
}

function canonical(value: AnswerValue): string {
  if (value.type !== 'matching') return JSON.stringify(value);
  const pairs = Object.entries(value.pairs).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return JSON.stringify({ type: value.type, pairs });
}
