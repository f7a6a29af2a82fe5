import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { SyncItemSchema, type SyncItem } from '../../shared/sync/sync-item';
import { canonicalJson } from './canonical-json';
import { contentHash } from './content-hash';
import { syncItemRows, syncItemRowsJson } from './insert-sync-items';

const LEARNER = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const ATTEMPT = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f0000';
const DEVICE = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3fdddd';
const base = { learnerId: LEARNER, courseId: 'perencanaan', courseVersion: '1.0.0', quizId: 'posttest' };

/** Items of every kind, with client times that are no date and text JSON must escape. */
const ITEMS: SyncItem[] = [
  {
    ...base,
    kind: 'answer',
    id: `${ATTEMPT.slice(0, 32)}0001`,
    seq: 0,
    attemptId: ATTEMPT,
    questionId: 'q1',
    value: { type: 'short', text: 'kutip " garis \\ baris\n 😀 \u2028' },
    answeredAt: 1764650000000.5,
  },
  {
    ...base,
    kind: 'answer',
    id: `${ATTEMPT.slice(0, 32)}0002`,
    seq: 1,
    attemptId: ATTEMPT,
    questionId: 'q2',
    value: { type: 'matching', pairs: { b: '2', 10: 'x', a: '' } },
    answeredAt: -1,
  },
  {
    ...base,
    kind: 'attempt',
    id: ATTEMPT,
    seq: 2,
    attemptId: ATTEMPT,
    mode: 'latihan',
    startedAt: 0,
    finishedAt: 1e20,
    answerIds: [`${ATTEMPT.slice(0, 32)}0001`],
    clientScore: 12.5,
  },
  {
    learnerId: LEARNER,
    kind: 'progress',
    id: `${ATTEMPT.slice(0, 32)}9999`,
    seq: 2 ** 53 - 1,
    courseId: 'c',
    lessonId: 'l"1',
    completed: false,
    position: 0,
    hlc: `000001764650000:000000:${DEVICE}`,
    updatedAt: 1,
  },
].map((item) => v.parse(SyncItemSchema, item));

describe('syncItemRowsJson', () => {
  it('gives PostgreSQL the rows JSON.stringify(syncItemRows) gives, the items as their canonical JSON', () => {
    const rows = ITEMS.map((item) => ({ item, hash: contentHash(item), text: canonicalJson(item) }));
    const direct = JSON.parse(syncItemRowsJson(rows, DEVICE)) as unknown;
    expect(direct).toEqual(JSON.parse(JSON.stringify(syncItemRows(rows, DEVICE))));
    expect(JSON.parse(syncItemRowsJson([], DEVICE))).toEqual([]);
    expect(JSON.parse(syncItemRowsJson(rows.slice(0, 1), DEVICE))).toEqual(
      JSON.parse(JSON.stringify(syncItemRows(rows.slice(0, 1), DEVICE))),
    );
  });
});
