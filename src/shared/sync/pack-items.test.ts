import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextId, packItems, unpackItems } from './pack-items';

/** What the server reads: the packed batch after JSON, unpacked. */
function roundTrip(items: unknown[]): unknown[] {
  const wire = JSON.parse(JSON.stringify(packItems(items))) as unknown[];
  const out = unpackItems(wire);
  if ('error' in out) throw new Error(`${out.error} at ${out.index}`);
  return out.items;
}
const asJson = (items: unknown[]) => JSON.parse(JSON.stringify(items)) as unknown;

const LEARNER = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
/** `count` post-tests as the phone queues them: 12 answers numbered from the attempt's id, then the attempt. */
function postTests(count: number, firstSeq = 1): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  let seq = firstSeq;
  for (let a = 0; a < count; a++) {
    const attemptId = `01a23447-b54c-72d2-83b7-${(0x51e58550 + a).toString(16).padStart(8, '0')}0000`;
    const answerIds: string[] = [];
    let id = attemptId;
    for (let q = 0; q < 12; q++) {
      id = nextId(id)!;
      answerIds.push(id);
      items.push({
        kind: 'answer',
        id,
        learnerId: LEARNER,
        seq: seq++,
        attemptId,
        courseId: 'perencanaan',
        courseVersion: '1.0.0',
        quizId: 'posttest-demo',
        questionId: `q-${q}`,
        value: { type: 'single', choice: 'abcd'[(a + q) % 4] },
        answeredAt: 1_796_086_819_428 + a * 300_000 + q * 20_000 + ((a * 7919 + q * 104_729) % 9973),
      });
    }
    items.push({
      kind: 'attempt',
      id: attemptId,
      attemptId,
      learnerId: LEARNER,
      seq: seq++,
      courseId: 'perencanaan',
      courseVersion: '1.0.0',
      quizId: 'posttest-demo',
      mode: 'ujian',
      startedAt: 1_796_086_800_000 + a * 300_000,
      finishedAt: 1_796_087_079_055 + a * 300_000,
      answerIds,
    });
  }
  return items;
}

describe('packed push items (diff/1)', () => {
  it('post-tests come back exactly, at under half the gzip bytes of the plain batch', () => {
    const items = postTests(150);
    expect(roundTrip(items)).toEqual(items);
    const plain = gzipSync(JSON.stringify({ items })).length;
    const packed = gzipSync(JSON.stringify({ packed: packItems(items) })).length;
    expect(packed).toBeLessThan(plain / 2);
    // An answer after the first of its attempt carries only what is its own.
    expect(Object.keys(packItems(items)[1] as object).sort()).toEqual(['answeredAt', 'questionId', 'value']);
    expect(packItems(items)[12]).toMatchObject({ answerRun: 12 });
    expect(packItems(items)[12]).not.toHaveProperty('answerIds');
  });

  it('anything else is carried exactly too: changed answers, random ids, other kinds, gaps, junk', () => {
    const items: unknown[] = postTests(3);
    // A changed answer (random id), an attempt listing it, a gap in seq, a progress item, junk.
    (items[3] as Record<string, unknown>).id = '01a23447-b54c-72d2-83b7-000000000009';
    (items[12] as Record<string, unknown>).answerIds = ['01a23447-b54c-72d2-83b7-000000000009'];
    (items[20] as Record<string, unknown>).seq = 99;
    items.splice(5, 0, {
      kind: 'progress',
      id: LEARNER,
      learnerId: LEARNER,
      seq: 7,
      courseId: 'c',
      lessonId: 'l',
      completed: true,
      hlc: 'x',
      updatedAt: 1,
    });
    items.push(null, 'text', [1, 2], { '=': 1 }, { answerRun: 3, kind: 'attempt' }, { kind: 'answer' }, {});
    items.push({ kind: 'answer', seq: 1.5, clientScore: undefined, id: 'NOT-A-UUID' });
    expect(roundTrip(items)).toEqual(asJson(items));
  });

  it('packs what JSON carries, not what the phone holds: an undefined item, a value with toJSON', () => {
    // A plain push sends `null` and the date's text: a packed one must not decode to anything else
    // (an undefined item went as `{}` and came back as an answer made up from the one before it).
    const items: unknown[] = postTests(1);
    items.splice(1, 0, undefined);
    items.push(
      new Date(0),
      { ...(items[2] as object), courseId: new Date(1) },
      { ...(items[2] as object), courseId: new Date(2) },
    );
    expect(roundTrip(items)).toEqual(asJson(items));
  });

  it("keeps within the batch's 20,000 run ids what it packs: beyond them, answerIds go as they are", () => {
    const attempts = Array.from({ length: 41 }, (_, i) => {
      const id = `0190a1b2-c3d4-7e5f-8a9b-${i.toString(16).padStart(8, '0')}0000`;
      const answerIds: string[] = [];
      for (let at = id; answerIds.length < 500;) answerIds.push((at = nextId(at)!));
      return { kind: 'attempt', id, attemptId: id, answerIds };
    });
    expect(roundTrip(attempts)).toEqual(attempts);
    expect(packItems(attempts).filter((e) => 'answerRun' in (e as object))).toHaveLength(40);
  });

  it('round-trips any JSON batch (property)', () => {
    const id = fc.oneof(
      fc.uuid(),
      fc.constantFrom(
        '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f0000',
        '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f0001',
        '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3fffff',
      ),
    );
    const field = fc.oneof(
      fc.constantFrom(
        'kind',
        'id',
        'seq',
        'attemptId',
        'learnerId',
        'courseId',
        'answerIds',
        'answerRun',
        '=',
        'mode',
        'x',
      ),
      fc.string(),
    );
    const value = fc.oneof(
      fc.constantFrom('answer', 'attempt', 'progress', 1, 2, null, undefined),
      id,
      fc.array(id, { maxLength: 3 }),
      fc.jsonValue(),
    );
    const item = fc.oneof(
      { weight: 5, arbitrary: fc.dictionary(field, value, { maxKeys: 8 }) },
      { weight: 1, arbitrary: fc.jsonValue() },
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 20 }), (items) => {
        expect(roundTrip(items)).toEqual(asJson(items));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses what no encoder makes, saying where', () => {
    expect(unpackItems([{ kind: 'attempt', id: LEARNER }, 5])).toEqual({
      error: 'a packed entry is not an object',
      index: 1,
    });
    expect(unpackItems([{ '=': 1, kind: 'x' }])).toMatchObject({ index: 0 });
    expect(unpackItems([{ kind: 'attempt', id: LEARNER, answerRun: 501 }])).toMatchObject({ index: 0 });
    expect(unpackItems([{ kind: 'attempt', id: LEARNER, answerRun: 1, answerIds: [] }])).toMatchObject({ index: 0 });
    expect(unpackItems([{ kind: 'answer', answerRun: 1 }])).toMatchObject({ index: 0 });
    // A few bytes each may not stand for a million ids: 41 runs of 500 pass the batch's 20,000.
    const runs = Array.from({ length: 41 }, (_, i) => ({
      kind: 'attempt',
      id: `0190a1b2-c3d4-7e5f-8a9b-${i.toString(16).padStart(8, '0')}0000`,
      answerRun: 500,
    }));
    expect(unpackItems(runs.slice(0, 40))).toHaveProperty('items');
    expect(unpackItems(runs)).toMatchObject({ index: 40 });
  });

  it('numbers ids within one UUID and stops at ffff', () => {
    expect(nextId('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f00ff')).toBe('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f0100');
    expect(nextId('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3fffff')).toBeUndefined();
    expect(nextId('0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F0000')).toBeUndefined();
    expect(nextId(5)).toBeUndefined();
  });
});
