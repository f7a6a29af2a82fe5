import { afterEach, describe, expect, it, vi } from 'vitest';
import { uuidv7 } from './uuidv7';

const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const msOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuidv7', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is a version 7, variant 10 UUID carrying the creation millisecond', () => {
    const before = Date.now();
    const id = uuidv7();
    expect(id).toMatch(UUIDV7);
    expect(msOf(id)).toBeGreaterThanOrEqual(before);
    expect(msOf(id)).toBeLessThanOrEqual(Date.now());
  });

  it('sorts in creation order: 20,000 in a row, many within one millisecond, are strictly increasing and distinct', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => UUIDV7.test(id))).toBe(true);
  });

  it('keeps increasing when the clock stands still past 4,096 ids, or goes back', () => {
    const frozen = Date.now() + 10_000;
    vi.spyOn(Date, 'now').mockReturnValue(frozen);
    const still = Array.from({ length: 5_000 }, () => uuidv7());
    vi.spyOn(Date, 'now').mockReturnValue(frozen - 60_000);
    const back = Array.from({ length: 10 }, () => uuidv7());
    const ids = [...still, ...back];
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(msOf(ids.at(-1)!)).toBeGreaterThan(frozen); // counted on into the next millisecond
    expect(msOf(ids.at(-1)!)).toBeLessThan(frozen + 5);
  });
});
