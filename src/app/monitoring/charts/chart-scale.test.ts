import { describe, expect, it } from 'vitest';
import { clip, niceTicks } from './chart-scale';

describe('niceTicks', () => {
  it('covers the largest value with round steps starting at 0', () => {
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(12)).toEqual([0, 5, 10, 15]);
    expect(niceTicks(100)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(852)).toEqual([0, 250, 500, 750, 1000]);
  });

  it('draws an axis of 0–1 when nothing was counted, never a division by zero', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe('clip', () => {
  it('keeps short labels and cuts long ones with an ellipsis', () => {
    expect(clip('Srandakan', 12)).toBe('Srandakan');
    expect(clip('KABUPATEN GUNUNGKIDUL', 12)).toBe('KABUPATEN G…');
  });
});
