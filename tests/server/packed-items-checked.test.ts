import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Account } from '../../src/shared/auth-protocol';
import { nextId, packItems, unpackItems } from '../../src/shared/sync/pack-items';
import { checkPushItem } from '../../src/server/sync/check-push-item';
import { attemptItem, progressItem } from '../unit/builders/outbox-row';

// Packed items are lossless for the server only if each item gets the very answer a plain push
// gets: checkPushItem's verdict, its refusal detail included (which names the first unstorable
// value in the item's key order) and the item it stores. Items near the phone's, with a few fields
// changed, removed or made unstorable, in one of two key orders.

const LEARNER = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const ATTEMPT = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f0000';
const account = { id: LEARNER, role: 'learner', username: 'siti', name: 'Siti' } as unknown as Account;
const ANSWER_ID = nextId(ATTEMPT)!;

const templates: Record<string, Record<string, unknown>> = {
  answer: {
    kind: 'answer',
    id: ANSWER_ID,
    learnerId: LEARNER,
    seq: 3,
    attemptId: ATTEMPT,
    courseId: 'c',
    courseVersion: '1',
    quizId: 'q',
    questionId: 'q1',
    value: { type: 'truefalse', value: true },
    answeredAt: 5,
  },
  // The builders' items (their key order, which the property also reverses), with this test's ids.
  attempt: attemptItem(4, { id: ATTEMPT, attemptId: ATTEMPT, learnerId: LEARNER, answerIds: [ANSWER_ID] }),
  progress: progressItem(5, { id: LEARNER, learnerId: LEARNER, lessonId: 'l', hlc: '000000000000003:000000:a' }),
};
const fields = [...new Set([...Object.values(templates).flatMap((t) => Object.keys(t)), 'extra'])];
const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('x\u0000', '\ud800') },
  fc.constantFrom('answer', 'attempt', 'progress', LEARNER, ATTEMPT, ANSWER_ID, nextId(ANSWER_ID)!, 'c', 'ujian'),
  fc.constantFrom(1, -1, 1.5, 2 ** 60, null),
  fc.array(fc.constantFrom(ANSWER_ID, 'y'), { maxLength: 2 }),
  fc.jsonValue({ maxDepth: 1 }),
);
const item = fc
  .tuple(
    fc.constantFrom('answer', 'attempt', 'progress'),
    // null: the field removed.
    fc.dictionary(fc.constantFrom(...fields), fc.option(value), { maxKeys: 4 }),
    fc.boolean(),
  )
  .map(([kind, changes, reversed]) => {
    const out: Record<string, unknown> = { ...templates[kind] };
    for (const [key, change] of Object.entries(changes)) {
      if (change === null) delete out[key];
      else out[key] = change;
    }
    return reversed ? Object.fromEntries(Object.entries(out).reverse()) : out;
  });

const verdicts = (items: unknown[]) =>
  items.map((raw, index) => {
    const checked = checkPushItem(raw, index, account);
    return checked.ok ? { item: checked.item } : checked.result;
  });

it('each packed item gets the verdict, refusal detail and stored form of the same item pushed plain', () => {
  fc.assert(
    fc.property(fc.array(item, { maxLength: 12 }), (items) => {
      const plain = JSON.parse(JSON.stringify(items)) as unknown[];
      const unpacked = unpackItems(JSON.parse(JSON.stringify(packItems(items))) as unknown[]);
      if ('error' in unpacked) throw new Error(`packed[${unpacked.index}]: ${unpacked.error}`);
      expect(verdicts(unpacked.items)).toEqual(verdicts(plain));
    }),
    { numRuns: 3000 },
  );
});
