import { describe, expect, it } from 'vitest';
import type { Question, QuestionKey } from './question';
import { scoreAnswer } from './score-answer';

const single: Question = {
  id: 'q-single',
  type: 'single',
  text: 'Dokumen perencanaan enam tahun?',
  choices: [
    { id: 'a', text: 'RPJMDes' },
    { id: 'b', text: 'RKPDes' },
  ],
};
const multiple: Question = {
  id: 'q-multi',
  type: 'multiple',
  text: 'Sumber pendapatan desa?',
  choices: ['dd', 'add', 'pades', 'pajak'].map((id) => ({ id, text: id })),
};
const truefalse: Question = { id: 'q-tf', type: 'truefalse', text: 'APBDes ditetapkan dengan Perdes.' };
const short: Question = { id: 'q-short', type: 'short', text: 'Forum musyawarah perencanaan desa?' };
const matching: Question = {
  id: 'q-match',
  type: 'matching',
  text: 'Pasangkan dokumen dan jangka waktunya.',
  left: ['rpjm', 'rkp', 'apb'].map((id) => ({ id, text: id })),
  right: ['6', '1', 'th'].map((id) => ({ id, text: id })),
};
const numeric: Question = { id: 'q-num', type: 'numeric', text: 'Persen minimal?' };

const multipleKey: QuestionKey = { type: 'multiple', weights: { dd: 50, add: 50, pades: -100, pajak: 0 } };
const matchingKey: QuestionKey = { type: 'matching', pairs: { rpjm: '6', rkp: '1', apb: 'th' } };

describe('scoreAnswer: single choice', () => {
  const key: QuestionKey = { type: 'single', correct: 'a' };
  it('gives full marks for the keyed choice', () => {
    expect(scoreAnswer(single, key, { type: 'single', choice: 'a' })).toEqual({ score: 1, correct: true });
  });
  it('gives nothing for another choice, an unknown choice or no answer', () => {
    expect(scoreAnswer(single, key, { type: 'single', choice: 'b' })).toEqual({ score: 0, correct: false });
    expect(scoreAnswer(single, key, { type: 'single', choice: 'zzz' })).toEqual({ score: 0, correct: false });
    expect(scoreAnswer(single, key, undefined)).toEqual({ score: 0, correct: false });
  });
  it('gives nothing for an answer of another type', () => {
    expect(scoreAnswer(single, key, { type: 'truefalse', value: true })).toEqual({ score: 0, correct: false });
  });
  it('refuses a key that belongs to another question type', () => {
    expect(() => scoreAnswer(single, { type: 'truefalse', correct: true }, undefined)).toThrow(
      'question q-single is single but its key is truefalse',
    );
  });
});

describe('scoreAnswer: multiple choice with GIFT weights', () => {
  it('gives full marks for exactly the right choices', () => {
    expect(scoreAnswer(multiple, multipleKey, { type: 'multiple', choices: ['dd', 'add'] })).toEqual({
      score: 1,
      correct: true,
    });
  });
  it('gives partial marks for some right choices', () => {
    expect(scoreAnswer(multiple, multipleKey, { type: 'multiple', choices: ['add'] })).toEqual({
      score: 0.5,
      correct: false,
    });
  });
  it('subtracts negative weights and clamps the total at zero', () => {
    expect(scoreAnswer(multiple, multipleKey, { type: 'multiple', choices: ['dd', 'pades'] })).toEqual({
      score: 0,
      correct: false,
    });
    const mild: QuestionKey = { type: 'multiple', weights: { dd: 50, add: 50, pades: -25 } };
    expect(scoreAnswer(multiple, mild, { type: 'multiple', choices: ['dd', 'add', 'pades'] })).toEqual({
      score: 0.75,
      correct: false,
    });
  });
  it('counts a choice picked twice only once and ignores unknown choices', () => {
    expect(scoreAnswer(multiple, multipleKey, { type: 'multiple', choices: ['dd', 'dd', 'nope'] }).score).toBe(0.5);
  });
  it('gives nothing for an empty selection', () => {
    expect(scoreAnswer(multiple, multipleKey, { type: 'multiple', choices: [] })).toEqual({
      score: 0,
      correct: false,
    });
  });
  it('treats thirds written as 33.333% as full marks', () => {
    const thirds: QuestionKey = { type: 'multiple', weights: { dd: 33.333, add: 33.333, pades: 33.333, pajak: -100 } };
    expect(scoreAnswer(multiple, thirds, { type: 'multiple', choices: ['dd', 'add', 'pades'] })).toEqual({
      score: 1,
      correct: true,
    });
    expect(scoreAnswer(multiple, thirds, { type: 'multiple', choices: ['dd'] }).score).toBeCloseTo(0.33333, 5);
  });
  it('never gives more than full marks', () => {
    const generous: QuestionKey = { type: 'multiple', weights: { dd: 100, add: 100 } };
    expect(scoreAnswer(multiple, generous, { type: 'multiple', choices: ['dd', 'add'] })).toEqual({
      score: 1,
      correct: true,
    });
  });
});

describe('scoreAnswer: true/false', () => {
  it('matches the keyed value both ways', () => {
    expect(
      scoreAnswer(truefalse, { type: 'truefalse', correct: true }, { type: 'truefalse', value: true }).correct,
    ).toBe(true);
    expect(scoreAnswer(truefalse, { type: 'truefalse', correct: false }, { type: 'truefalse', value: true })).toEqual({
      score: 0,
      correct: false,
    });
    expect(
      scoreAnswer(truefalse, { type: 'truefalse', correct: false }, { type: 'truefalse', value: false }).score,
    ).toBe(1);
  });
  it('gives nothing when unanswered', () => {
    expect(scoreAnswer(truefalse, { type: 'truefalse', correct: false }, undefined).score).toBe(0);
  });
});

describe('scoreAnswer: short answer', () => {
  const key: QuestionKey = { type: 'short', accepted: ['Musrenbangdes', 'Musyawarah Perencanaan Pembangunan Desa'] };
  const given = (text: string) => scoreAnswer(short, key, { type: 'short', text });
  it('accepts any accepted answer exactly', () => {
    expect(given('Musrenbangdes')).toEqual({ score: 1, correct: true });
    expect(given('Musyawarah Perencanaan Pembangunan Desa').correct).toBe(true);
  });
  it('ignores case, extra spaces and punctuation', () => {
    expect(given('  MUSRENBANGDES ').correct).toBe(true);
    expect(given('musyawarah   perencanaan\tpembangunan desa.').correct).toBe(true);
    expect(given('Musyawarah-Perencanaan, Pembangunan "Desa"!').correct).toBe(true);
  });
  it('ignores diacritics on either side', () => {
    expect(given('Musrénbàngdës').correct).toBe(true);
    const accented: QuestionKey = { type: 'short', accepted: ['Perdés'] };
    expect(scoreAnswer(short, accented, { type: 'short', text: 'perdes' }).correct).toBe(true);
  });
  it('still tells different words apart', () => {
    expect(given('Musrenbang')).toEqual({ score: 0, correct: false });
    expect(given('Musrenbangdes desa').correct).toBe(false);
  });
  it('gives nothing for empty or punctuation-only text, even if the key has an empty answer', () => {
    const sloppy: QuestionKey = { type: 'short', accepted: ['', '...'] };
    expect(scoreAnswer(short, sloppy, { type: 'short', text: '' }).correct).toBe(false);
    expect(scoreAnswer(short, sloppy, { type: 'short', text: ' ?! ' }).correct).toBe(false);
  });
});

describe('scoreAnswer: matching', () => {
  const given = (pairs: Record<string, string>) => scoreAnswer(matching, matchingKey, { type: 'matching', pairs });
  it('gives full marks when every pair is right', () => {
    expect(given({ rpjm: '6', rkp: '1', apb: 'th' })).toEqual({ score: 1, correct: true });
  });
  it('gives an equal share per right pair', () => {
    expect(given({ rpjm: '6', rkp: 'th', apb: '1' })).toEqual({ score: 1 / 3, correct: false });
    expect(given({ rpjm: '6', rkp: '1' })).toEqual({ score: 2 / 3, correct: false });
  });
  it('gives nothing for no pairs and ignores unknown left items', () => {
    expect(given({})).toEqual({ score: 0, correct: false });
    expect(given({ other: '6', toString: '1' }).score).toBe(0);
  });
  it('gives nothing when the key has no pairs', () => {
    expect(scoreAnswer(matching, { type: 'matching', pairs: {} }, { type: 'matching', pairs: {} }).correct).toBe(false);
  });
});

describe('scoreAnswer: numeric with tolerance', () => {
  // GIFT {#42:0.5} is 41.5..42.5
  const key: QuestionKey = { type: 'numeric', ranges: [{ min: 41.5, max: 42.5 }] };
  const given = (value: number) => scoreAnswer(numeric, key, { type: 'numeric', value });
  it('accepts values inside the tolerance, bounds included', () => {
    expect(given(42)).toEqual({ score: 1, correct: true });
    expect(given(41.5).correct).toBe(true);
    expect(given(42.5).correct).toBe(true);
  });
  it('refuses values outside the tolerance', () => {
    expect(given(42.51)).toEqual({ score: 0, correct: false });
    expect(given(41.49).correct).toBe(false);
    expect(given(-42).correct).toBe(false);
  });
  it('absorbs floating-point noise on a bound', () => {
    const exact: QuestionKey = { type: 'numeric', ranges: [{ min: 0.3, max: 0.3 }] };
    expect(scoreAnswer(numeric, exact, { type: 'numeric', value: 0.1 + 0.2 }).correct).toBe(true);
  });
  it('accepts any of several ranges', () => {
    const two: QuestionKey = {
      type: 'numeric',
      ranges: [
        { min: 10, max: 10 },
        { min: 20, max: 30 },
      ],
    };
    expect(scoreAnswer(numeric, two, { type: 'numeric', value: 25 }).correct).toBe(true);
    expect(scoreAnswer(numeric, two, { type: 'numeric', value: 15 }).correct).toBe(false);
  });
  it('gives nothing for NaN, infinity or no answer', () => {
    expect(given(Number.NaN).correct).toBe(false);
    expect(given(Number.POSITIVE_INFINITY).correct).toBe(false);
    expect(scoreAnswer(numeric, key, undefined).score).toBe(0);
  });
});
