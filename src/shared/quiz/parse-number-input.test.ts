import { describe, expect, it } from 'vitest';
import { parseNumberInput } from './parse-number-input';

describe('parseNumberInput', () => {
  it('reads the Indonesian decimal comma', () => {
    expect(parseNumberInput('42,5')).toBe(42.5);
    expect(parseNumberInput('-0,25')).toBe(-0.25);
  });
  it('reads a dot before three digits as thousands, Indonesian style', () => {
    expect(parseNumberInput('1.500')).toBe(1500);
    expect(parseNumberInput('12.345.678')).toBe(12_345_678);
    expect(parseNumberInput('1.234,5')).toBe(1234.5);
  });
  it('still reads a decimal dot from keyboards that only have one', () => {
    expect(parseNumberInput('42.5')).toBe(42.5);
    expect(parseNumberInput('1,234.5')).toBe(1234.5);
  });
  it('reads plain integers, signs and spaces', () => {
    expect(parseNumberInput(' 30 ')).toBe(30);
    expect(parseNumberInput('+7')).toBe(7);
    expect(parseNumberInput('1 000 000')).toBe(1_000_000);
    expect(parseNumberInput('\u22125')).toBe(-5);
  });
  it('refuses text that is not one number', () => {
    for (const bad of ['', ' ', 'abc', '4x', '1,2,3', '1.2.3', '42,', '1.234.5', '--1', '1e5', ',', '.']) {
      expect(parseNumberInput(bad), bad).toBeUndefined();
    }
  });
});
