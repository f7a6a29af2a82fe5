import { describe, expect, it } from 'vitest';
import type { PushItemResult } from './protocol';
import { compactPushResults, expandPushResults } from './push-answer';

const ids = ['a', 'b', 'c', 'd', 'e'];
const full: PushItemResult[] = [
  { index: 0, id: 'a', status: 'accepted' },
  { index: 1, id: 'b', status: 'duplicate' },
  { index: 2, id: 'c', status: 'rejected', reason: 'unknown_quiz', detail: 'x' },
  { index: 3, id: 'd', status: 'held' },
  { index: 4, id: 'e', status: 'conflict' },
];

describe('short push answer', () => {
  it('names only what was not stored and counts the rest; the phone gets one result per item back', () => {
    const short = compactPushResults('epoch', full);
    expect(short).toEqual({ serverEpoch: 'epoch', results: full.slice(2), accepted: 1, duplicate: 1 });
    const back = expandPushResults(short, ids)!;
    expect(back.map((r) => [r.index, r.id, r.status])).toEqual([
      [0, 'a', 'accepted'],
      [1, 'b', 'accepted'],
      [2, 'c', 'rejected'],
      [3, 'd', 'held'],
      [4, 'e', 'conflict'],
    ]);
  });

  it('an all-duplicate replay expands to duplicates, never to a claimed accept', () => {
    const short = compactPushResults('e', [{ index: 0, id: 'a', status: 'duplicate' }]);
    expect(expandPushResults(short, ['a'])).toEqual([{ index: 0, id: 'a', status: 'duplicate' }]);
  });

  it('a full answer from a server from before passes through when it has one result per item', () => {
    expect(expandPushResults({ serverEpoch: 'e', results: full }, ids)).toBe(full);
    expect(expandPushResults({ serverEpoch: 'e', results: full.slice(1) }, ids)).toBeNull();
  });

  it('an answer that does not fit the items sent is refused (nothing may be marked synced)', () => {
    const named = { index: 2, id: 'c', status: 'rejected' as const };
    const bad = [
      { serverEpoch: 'e', results: [named], accepted: 3 }, // counts one short
      { serverEpoch: 'e', results: [named], accepted: 5 }, // counts one too many
      { serverEpoch: 'e', results: [{ ...named, index: 9 }], accepted: 4 }, // index out of range
      { serverEpoch: 'e', results: [{ ...named, id: 'z' }], accepted: 4 }, // another item's id
      { serverEpoch: 'e', results: [named, named], accepted: 3 }, // named twice
      { serverEpoch: 'e', results: [{ ...named, index: 1.5 }], accepted: 4 },
    ];
    for (const response of bad) expect(expandPushResults(response, ids)).toBeNull();
  });
});
