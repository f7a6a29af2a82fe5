// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { hashPin, isValidPin, verifyPin } from './pin-hash';

describe('PIN hashing', () => {
  it('accepts the right PIN and refuses a wrong one', async () => {
    const stored = await hashPin('2468', 1000);
    expect(await verifyPin('2468', stored)).toBe(true);
    expect(await verifyPin('2469', stored)).toBe(false);
    expect(await verifyPin('', stored)).toBe(false);
  });

  it('never stores the PIN and salts every hash differently', async () => {
    const a = await hashPin('2468', 1000);
    const b = await hashPin('2468', 1000);
    expect(JSON.stringify(a)).not.toContain('2468');
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
  });

  it('uses a slow default work factor', async () => {
    expect((await hashPin('2468')).iterations).toBeGreaterThanOrEqual(100_000);
  });

  it('allows 4 to 8 digits only', () => {
    expect(['1234', '12345678'].every(isValidPin)).toBe(true);
    expect(['123', '123456789', '12a4', ' 1234', ''].some(isValidPin)).toBe(false);
  });
});
