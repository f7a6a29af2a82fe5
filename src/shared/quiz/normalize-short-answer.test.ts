import { describe, expect, it } from 'vitest';
import { normalizeShortAnswer } from './normalize-short-answer';

describe('normalizeShortAnswer', () => {
  it('folds case, diacritics, punctuation and spaces', () => {
    expect(normalizeShortAnswer('  Musrenbang-Dés. ')).toBe('musrenbang des');
    expect(normalizeShortAnswer('Kaur\u00a0Keuangan')).toBe('kaur keuangan');
    expect(normalizeShortAnswer('“RPJMDes”')).toBe('rpjmdes');
  });
  it('keeps digits', () => {
    expect(normalizeShortAnswer('Permendagri 20/2018')).toBe('permendagri 20 2018');
  });
  it('folds full-width letters typed on some keyboards', () => {
    expect(normalizeShortAnswer('ＡＰＢＤｅｓ')).toBe('apbdes');
  });
});
