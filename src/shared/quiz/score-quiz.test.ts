import { describe, expect, it } from 'vitest';
import type { QuizDocument } from './question';
import { scoreQuiz } from './score-quiz';

const doc: QuizDocument = {
  id: 'latihan-apbdes',
  title: 'Latihan APBDes',
  mode: 'latihan',
  questions: [
    { id: 'q1', type: 'truefalse', text: 'APBDes ditetapkan dengan Perdes.' },
    { id: 'q2', type: 'numeric', text: 'Berapa persen?' },
    {
      id: 'q3',
      type: 'multiple',
      text: 'Pilih dua.',
      choices: [
        { id: 'a', text: 'A' },
        { id: 'b', text: 'B' },
        { id: 'c', text: 'C' },
      ],
    },
    { id: 'q4', type: 'short', text: 'Singkatan?' },
  ],
  keys: {
    q1: { type: 'truefalse', correct: true },
    q2: { type: 'numeric', ranges: [{ min: 30, max: 30 }] },
    q3: { type: 'multiple', weights: { a: 50, b: 50, c: -100 } },
    q4: { type: 'short', accepted: ['RKPDes'] },
  },
};

describe('scoreQuiz', () => {
  it('gives 100 for all right answers', () => {
    const result = scoreQuiz(doc, {
      q1: { type: 'truefalse', value: true },
      q2: { type: 'numeric', value: 30 },
      q3: { type: 'multiple', choices: ['a', 'b'] },
      q4: { type: 'short', text: 'rkpdes' },
    });
    expect(result.percent).toBe(100);
    expect(Object.values(result.perQuestion).every((q) => q.correct)).toBe(true);
  });

  it('averages partial and missing answers, each question weighing the same', () => {
    const result = scoreQuiz(doc, {
      q1: { type: 'truefalse', value: true },
      q3: { type: 'multiple', choices: ['a'] },
    });
    expect(result.percent).toBe(37.5);
    expect(result.perQuestion).toEqual({
      q1: { score: 1, correct: true },
      q2: { score: 0, correct: false },
      q3: { score: 0.5, correct: false },
      q4: { score: 0, correct: false },
    });
  });

  it('gives 0 for no answers at all', () => {
    expect(scoreQuiz(doc, {}).percent).toBe(0);
  });

  it('rounds to two decimals', () => {
    const three: QuizDocument = { ...doc, questions: doc.questions.slice(0, 3) };
    expect(scoreQuiz(three, { q1: { type: 'truefalse', value: true } }).percent).toBe(33.33);
  });

  it('ignores answers to questions the quiz does not have', () => {
    expect(scoreQuiz(doc, { zz: { type: 'truefalse', value: true } }).percent).toBe(0);
  });

  it('refuses a quiz without keys (an ujian as shipped to the phone)', () => {
    const { keys: _keys, ...ujian } = doc;
    expect(() => scoreQuiz({ ...ujian, mode: 'ujian' }, {})).toThrow('quiz latihan-apbdes has no answer keys');
  });

  it('refuses a quiz missing the key of one question', () => {
    const { q4: _q4, ...keys } = doc.keys ?? {};
    expect(() => scoreQuiz({ ...doc, keys }, {})).toThrow('quiz latihan-apbdes has no key for question q4');
  });

  it('gives 0 for a quiz with no questions', () => {
    expect(scoreQuiz({ ...doc, questions: [], keys: {} }, {})).toEqual({ percent: 0, perQuestion: {} });
  });
});
