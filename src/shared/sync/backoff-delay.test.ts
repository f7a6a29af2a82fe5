import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff-delay';

describe('backoffDelay', () => {
  it('grows exponentially with full jitter and a 10-minute ceiling', () => {
    expect(backoffDelay(1, 1)).toBe(2_000);
    expect(backoffDelay(4, 1)).toBe(16_000);
    expect(backoffDelay(4, 0.5)).toBe(8_000);
    expect(backoffDelay(4, 0)).toBe(0);
    expect(backoffDelay(40, 1)).toBe(600_000);
  });

  it('never retries sooner than the server’s Retry-After', () => {
    expect(backoffDelay(1, 0, 7_000)).toBe(7_000);
  });
});
