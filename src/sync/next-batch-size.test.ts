import { describe, expect, it } from 'vitest';
import { nextBatchSize, MAX_BATCH, MAX_PACKED_BATCH, MIN_BATCH } from './next-batch-size';

describe('nextBatchSize', () => {
  it('doubles after a quick success, keeps near the 8 s target, shrinks above it, halves after a failure', () => {
    expect(nextBatchSize(25, { ok: true, elapsedMs: 300 })).toBe(50);
    // A 2-second round trip alone must not stop growth (slow 2G has one).
    expect(nextBatchSize(25, { ok: true, elapsedMs: 2_500 })).toBe(50);
    expect(nextBatchSize(100, { ok: true, elapsedMs: 6_000 })).toBe(100);
    expect(nextBatchSize(100, { ok: true, elapsedMs: 12_000 })).toBe(75);
    expect(nextBatchSize(25, { ok: false, elapsedMs: 30_000 })).toBe(12);
  });

  it(`stays within ${MIN_BATCH}..${MAX_PACKED_BATCH} packed, ..${MAX_BATCH} plain`, () => {
    expect(nextBatchSize(MAX_PACKED_BATCH, { ok: true, elapsedMs: 1 })).toBe(MAX_PACKED_BATCH);
    expect(nextBatchSize(MAX_BATCH, { ok: true, elapsedMs: 1 }, MAX_BATCH)).toBe(MAX_BATCH);
    expect(nextBatchSize(MAX_PACKED_BATCH, { ok: true, elapsedMs: 1 }, MAX_BATCH)).toBe(MAX_BATCH);
    expect(nextBatchSize(1, { ok: false, elapsedMs: 1 })).toBe(MIN_BATCH);
  });
});
