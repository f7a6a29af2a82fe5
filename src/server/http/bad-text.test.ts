import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { PushRequestSchema } from '../../shared/sync/protocol';
import { findBadText, isBadText } from './bad-text';

describe('isBadText', () => {
  it('finds NUL and lone surrogates, not whole astral characters', () => {
    expect(isBadText('a\u0000b')).toBe(true);
    expect(isBadText('\ud800')).toBe(true);
    expect(isBadText('x\ud800y')).toBe(true);
    expect(isBadText('\udc00x')).toBe(true);
    expect(isBadText('\ud83d\ude00 Selamat')).toBe(false);
    expect(isBadText('Desa Poncosari, Srandakan')).toBe(false);
  });
});

describe('findBadText', () => {
  const Schema = v.strictObject({ name: v.string(), tags: v.optional(v.array(v.string())), extra: v.unknown() });

  it('names the path of the first bad string or key, however deep', () => {
    expect(findBadText({ name: 'a', tags: ['ok', 'b\u0000'] }, Schema)).toBe('tags.1');
    expect(findBadText({ name: 'a', 'k\ud800': 1 }, Schema)).toBe('k\ud800');
    expect(findBadText('\u0000')).toBe('');
    expect(findBadText({ name: 'baik', tags: ['ok'] }, Schema)).toBeNull();
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findBadText({ name: deep }, Schema)).toBe(`name${'.0'.repeat(200_000)}`);
  });

  it('leaves what the schema declares unknown to the route: push items are checked one by one', () => {
    expect(findBadText({ name: 'a', extra: { t: '\u0000' } }, Schema)).toBeNull();
    const push = { deviceId: '0190a3c2-7d1e-7cc0-9f00-000000000001', items: [{ lessonId: 'l\ud800' }] };
    expect(findBadText(push, PushRequestSchema)).toBeNull();
    expect(findBadText({ ...push, deviceId: '\u0000' }, PushRequestSchema)).toBe('deviceId');
  });
});
