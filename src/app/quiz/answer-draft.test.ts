import { describe, expect, it } from 'vitest';
import type { Question } from '../../shared/quiz/question';
import { toAnswerValue, toDraft } from './answer-draft';

const q = (type: Question['type']): Question =>
  type === 'single' || type === 'multiple'
    ? { id: 'q', type, text: '?', choices: [{ id: 'a', text: 'A' }] }
    : type === 'matching'
      ? { id: 'q', type, text: '?', left: [{ id: 'l', text: 'L' }], right: [{ id: 'r', text: 'R' }] }
      : { id: 'q', type, text: '?' };

describe('toAnswerValue', () => {
  it('reads a numeric entry with the Indonesian decimal comma', () => {
    expect(toAnswerValue(q('numeric'), { text: '42,5' })).toEqual({
      ok: true,
      value: { type: 'numeric', value: 42.5 },
    });
  });
  it('says why a numeric entry cannot be saved', () => {
    expect(toAnswerValue(q('numeric'), { text: 'empat puluh' })).toEqual({ ok: false, reason: 'not-a-number' });
    expect(toAnswerValue(q('numeric'), { text: '  ' })).toEqual({ ok: false, reason: 'empty' });
  });
  it('refuses empty entries of every type', () => {
    for (const type of ['single', 'multiple', 'truefalse', 'short', 'matching'] as const) {
      expect(toAnswerValue(q(type), { choices: [], text: ' ', pairs: { l: '' } }), type).toEqual({
        ok: false,
        reason: 'empty',
      });
    }
  });
  it('keeps "false" as a real answer to a true/false question', () => {
    expect(toAnswerValue(q('truefalse'), { value: false })).toEqual({
      ok: true,
      value: { type: 'truefalse', value: false },
    });
  });
  it('trims short answers and drops unpaired matching rows', () => {
    expect(toAnswerValue(q('short'), { text: ' RKPDes ' })).toEqual({
      ok: true,
      value: { type: 'short', text: 'RKPDes' },
    });
    expect(toAnswerValue(q('matching'), { pairs: { l: 'r', m: '' } })).toEqual({
      ok: true,
      value: { type: 'matching', pairs: { l: 'r' } },
    });
  });
});

describe('toDraft', () => {
  it('shows a saved number the way the learner writes it', () => {
    expect(toDraft({ type: 'numeric', value: 42.5 }, 'id-ID')).toEqual({ text: '42,5' });
    expect(toDraft({ type: 'numeric', value: 1500 }, 'id-ID')).toEqual({ text: '1500' });
  });
  it('round-trips every other type', () => {
    expect(toDraft({ type: 'multiple', choices: ['a'] }, 'id-ID')).toEqual({ choices: ['a'] });
    expect(toDraft({ type: 'truefalse', value: false }, 'id-ID')).toEqual({ value: false });
    expect(toDraft(undefined, 'id-ID')).toEqual({});
  });
});
