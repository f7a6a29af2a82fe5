import { describe, expect, it } from 'vitest';
import type { Question } from '../../shared/quiz/question';
import { describeAnswer, describeKey } from './describe-answer';

const choices = [
  { id: 'a', text: 'Dana Desa' },
  { id: 'b', text: 'ADD' },
  { id: 'c', text: 'Pinjaman pribadi' },
];
const multiple: Question = { id: 'm', type: 'multiple', text: 'Sumber pendapatan desa', choices };
const matching: Question = {
  id: 'x',
  type: 'matching',
  text: 'Pasangkan',
  left: [
    { id: 'a', text: 'RPJM Desa' },
    { id: 'b', text: 'RKP Desa' },
  ],
  right: [
    { id: 'a', text: '6 tahun' },
    { id: 'b', text: '1 tahun' },
  ],
};

describe('describeAnswer and describeKey', () => {
  it('say choices by their text, and only the positively weighted ones are right', () => {
    expect(describeAnswer(multiple, { type: 'multiple', choices: ['a', 'c'] })).toBe('Dana Desa; Pinjaman pribadi');
    expect(describeKey(multiple, { type: 'multiple', weights: { a: 50, b: 50, c: -100 } })).toBe('Dana Desa; ADD');
  });

  it('say matching pairs left → right, short answers as accepted alternatives, ranges with a dash', () => {
    expect(describeKey(matching, { type: 'matching', pairs: { a: 'a', b: 'b' } })).toBe(
      'RPJM Desa → 6 tahun; RKP Desa → 1 tahun',
    );
    expect(describeAnswer(matching, { type: 'matching', pairs: { a: 'b' } })).toBe('RPJM Desa → 1 tahun');
    const short: Question = { id: 's', type: 'short', text: 'Singkatan?' };
    expect(describeKey(short, { type: 'short', accepted: ['RKPDes', 'RKP Desa'] })).toBe('RKPDes / RKP Desa');
    const numeric: Question = { id: 'n', type: 'numeric', text: 'Berapa?' };
    expect(describeKey(numeric, { type: 'numeric', ranges: [{ min: 7, max: 9 }] })).toBe('7–9');
  });
});
