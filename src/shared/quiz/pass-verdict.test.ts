import { describe, expect, it } from 'vitest';
import { passMarkOf, passVerdict } from './pass-verdict';

describe('passMarkOf', () => {
  it("takes the manifest's per-quiz mark before the document's", () => {
    expect(passMarkOf(70, 60)).toBe(70);
    expect(passMarkOf(0, 60)).toBe(0);
  });
  it("falls back to the document's mark, then to none", () => {
    expect(passMarkOf(undefined, 60)).toBe(60);
    expect(passMarkOf(null, 60)).toBe(60);
    expect(passMarkOf(undefined, undefined)).toBeNull();
    expect(passMarkOf(null, null)).toBeNull();
  });
  it('treats a mark that is not a finite number as no mark', () => {
    expect(passMarkOf(Number.NaN, 60)).toBe(60);
    expect(passMarkOf(Number.POSITIVE_INFINITY, undefined)).toBeNull();
  });
});

describe('passVerdict', () => {
  it('gives no verdict without a pass mark, whatever the score', () => {
    expect(passVerdict(58.3, null)).toBeNull();
    expect(passVerdict(100, null)).toBeNull();
    expect(passVerdict(0, null)).toBeNull();
  });
  it('passes at the mark exactly and fails just below it', () => {
    expect(passVerdict(70, 70)).toBe(true);
    expect(passVerdict(69.99, 70)).toBe(false);
    expect(passVerdict(100, 70)).toBe(true);
  });
  it('passes everyone with a mark of 0', () => {
    expect(passVerdict(0, 0)).toBe(true);
  });
});
