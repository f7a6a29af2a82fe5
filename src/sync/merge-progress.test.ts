import { describe, expect, it } from 'vitest';
import type { ProgressRecord } from '../db/learning-records';
import { mergeProgress } from './merge-progress';

const local = (fields: Partial<ProgressRecord>): ProgressRecord => ({
  learnerId: 'L',
  courseId: 'c',
  lessonId: 'l1',
  completed: false,
  hlc: '000000000000010:000000:me',
  updatedAt: 1,
  ...fields,
});
const remote = { courseId: 'c', lessonId: 'l1' };

describe('mergeProgress', () => {
  it('completed is monotone: once read on any phone, read everywhere', () => {
    expect(
      mergeProgress(
        local({ completed: true }),
        { ...remote, completed: false, position: null, positionHlc: null, hlc: '000000000000099:000000:x' },
        'L',
        5,
      ).completed,
    ).toBe(true);
    expect(
      mergeProgress(
        local({}),
        { ...remote, completed: true, position: null, positionHlc: null, hlc: '000000000000001:000000:x' },
        'L',
        5,
      ).completed,
    ).toBe(true);
  });

  it('position follows the newer clock; device id breaks a tie', () => {
    const newer = {
      ...remote,
      completed: false,
      position: 0.8,
      positionHlc: '000000000000020:000000:x',
      hlc: '000000000000020:000000:x',
    };
    expect(mergeProgress(local({ position: 0.3 }), newer, 'L', 5).position).toBe(0.8);
    const older = { ...newer, positionHlc: '000000000000005:000000:x', hlc: '000000000000005:000000:x' };
    expect(mergeProgress(local({ position: 0.3 }), older, 'L', 5)).toMatchObject({
      position: 0.3,
      hlc: '000000000000010:000000:me',
      updatedAt: 1,
    });
    const tie = { ...newer, positionHlc: '000000000000010:000000:zz', hlc: '000000000000010:000000:zz' };
    expect(mergeProgress(local({ position: 0.3 }), tie, 'L', 5).position).toBe(0.8);
  });

  it('a phone without a position of its own takes the server’s', () => {
    const r = {
      ...remote,
      completed: false,
      position: 0.4,
      positionHlc: '000000000000001:000000:x',
      hlc: '000000000000001:000000:x',
    };
    expect(mergeProgress(local({}), r, 'L', 5).position).toBe(0.4);
    expect(mergeProgress(undefined, r, 'L', 5)).toMatchObject({ learnerId: 'L', position: 0.4, updatedAt: 5 });
  });

  it('merging the same change twice changes nothing (replays are harmless)', () => {
    const r = {
      ...remote,
      completed: true,
      position: 0.6,
      positionHlc: '000000000000030:000000:x',
      hlc: '000000000000030:000000:x',
    };
    const once = mergeProgress(local({ position: 0.1 }), r, 'L', 5);
    expect(mergeProgress(once, r, 'L', 9)).toEqual(once);
  });
});
