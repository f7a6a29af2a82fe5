import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';
import { contentHash } from './content-hash';

/**
 * canonicalJson as it was written before its shape cache (63f23bc): stored content hashes were
 * computed from this text, so the current one must print exactly the same for every value.
 */
function plainLoopCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (plainLoopCanonicalJson(value[i]) ?? '');
    return out + ']';
  }
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    let out = '{';
    for (const key of keys) {
      const v = obj[key];
      if (v === undefined) continue;
      out += (out.length > 1 ? ',' : '') + JSON.stringify(key) + ':' + plainLoopCanonicalJson(v);
    }
    return out + '}';
  }
  return JSON.stringify(value);
}

const LEARNER = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const ATTEMPT = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f0000';

describe('canonicalJson', () => {
  it('prints what the plain-loop version printed, for any JSON value and any key order', () => {
    // Strings of any code points, with what JSON escapes or might often among them: quotes,
    // backslashes, controls, lone surrogates of either half, a pair, U+2028, DEL.
    const special = fc.constantFrom(
      '"',
      '\\',
      '\u0000',
      '\n',
      '\u001f',
      '\ud800',
      '\udfff',
      '\ud83d\ude00',
      '\u2028',
      '\u007f',
    );
    const text = fc.string({ unit: fc.oneof(special, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) });
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(-0),
        fc.array(tie('value')),
        fc.dictionary(fc.oneof(text, fc.constantFrom('id', 'kind', '0', '10', '__proto__', 'a"b')), tie('value')),
      ),
    })).value;
    fc.assert(
      fc.property(fc.array(json, { maxLength: 8 }), (values) => {
        // Several values in a row, as a batch: the shapes one value leaves behind must not change the next.
        for (const value of values) expect(canonicalJson(value)).toBe(plainLoopCanonicalJson(value));
      }),
      { numRuns: 500 },
    );
  });

  it('is the same text for the same object with its keys in other orders, shapes seen or not', () => {
    const base = { kind: 'answer', id: ATTEMPT, seq: 3, value: { type: 'single', choice: 'a' }, answeredAt: 1.5 };
    const orders = fc.shuffledSubarray(Object.keys(base), { minLength: 5, maxLength: 5 });
    fc.assert(
      fc.property(orders, (keys) => {
        const copy = Object.fromEntries(keys.map((k) => [k, base[k as keyof typeof base]]));
        expect(canonicalJson(copy)).toBe(plainLoopCanonicalJson(base));
      }),
    );
  });

  it('keeps what the plain loops did with values JSON never carries', () => {
    const odd = [
      undefined,
      [undefined, () => 1, Symbol('s'), 1],
      { a: undefined, b: () => 1, c: Symbol('s'), d: NaN, e: -Infinity },
      new Date(0),
      Object.assign(Object.create(null) as object, { z: 1, a: 2 }),
      { long: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${39 - i}`, i])) },
    ];
    for (const value of odd) expect(canonicalJson(value)).toBe(plainLoopCanonicalJson(value));
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });

  it('gives the content hashes that earlier versions stored', () => {
    // Computed by the server of 63f23bc: a replay of these items must still come back `duplicate`.
    const answer = {
      kind: 'answer',
      id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f0001',
      learnerId: LEARNER,
      seq: 7,
      attemptId: ATTEMPT,
      courseId: 'perencanaan',
      courseVersion: '1.0.0',
      quizId: 'posttest',
      questionId: 'q1',
      value: { type: 'single', choice: 'a' },
      answeredAt: 1764650000000,
    };
    const attempt = {
      seq: 8,
      kind: 'attempt',
      id: ATTEMPT,
      attemptId: ATTEMPT,
      learnerId: LEARNER,
      courseId: 'perencanaan',
      courseVersion: '1.0.0',
      quizId: 'posttest',
      mode: 'ujian',
      startedAt: 1764649940000,
      finishedAt: 1764650000000.5,
      answerIds: ['0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f0001'],
      clientScore: -0,
    };
    const odd = {
      kind: 'answer',
      value: { type: 'short', text: 'Tab\t"kutip" \\ é 😀 \u2028' },
      note: null,
      flags: [true, false, null, 1e21, 0.1],
    };
    expect(contentHash(answer)).toBe('380fe5f85ecf5deb0ca653bf9be4b05f6a2e048f2db13ef0ed6a40297cb895eb');
    expect(contentHash(attempt)).toBe('c9e12a1fa288e7ec9b49d94ee5da6b18c3f350a1e4e41428642948d9b6468e66');
    expect(contentHash(odd)).toBe('4114127e305abc04f7e072ad96ce017313ceb8d18f4074535a6d7376bb6c51c3');
  });
});
