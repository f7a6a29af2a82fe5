// @vitest-environment node
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { testSyncContext } from '../../tests/unit/builders/sync-context';
import { openTestDatabase } from '../../tests/unit/builders/test-database';
import type { AttemptRecord } from '../db/learning-records';
import { pullChanges } from './pull-changes';

const attempt = (id: string): AttemptRecord => ({
  id,
  learnerId: 'L',
  courseId: 'c',
  courseVersion: '1.0.0',
  quizId: 'posttest',
  mode: 'ujian',
  startedAt: 1,
  finishedAt: 2,
  currentIndex: 2,
  gradeStatus: 'pending',
});
const grade = (attemptId: string, fields: object) => ({
  attemptId,
  quizId: 'posttest',
  courseId: 'c',
  score: 50,
  passed: false,
  graded: true,
  scoreMismatch: false,
  ...fields,
});
const page = (grades: object[]) => ({ serverEpoch: 'e1', checkpoint: '9', hasMore: false, grades, progress: [] });
const review = { keys: { q1: { type: 'single', correct: 'a' } }, explanations: { q1: 'Karena…' } };

describe('pullChanges: grades under the quiz policy', () => {
  it('keeps the review that comes with a grade on the attempt, and a later grade without one does not remove it', async () => {
    const db = openTestDatabase('pull-review');
    await db.attempts.add(attempt('a1'));
    await pullChanges(
      testSyncContext(db, async () => Response.json(page([grade('a1', { review })]))),
      'L',
      't',
    );
    expect(await db.attempts.get('a1')).toMatchObject({ gradeStatus: 'graded', score: 50, passed: false, review });
    await pullChanges(
      testSyncContext(db, async () => Response.json(page([grade('a1', {})]))),
      'L',
      't',
    );
    expect((await db.attempts.get('a1'))?.review).toEqual(review);
  });

  it('withdraws the score of an attempt the server later finds past the limit, and keeps the attempt', async () => {
    const db = openTestDatabase('pull-over-limit');
    await db.attempts.add({ ...attempt('a2'), gradeStatus: 'graded', score: 100, passed: true });
    const over = grade('a2', { score: null, passed: null, overLimit: true });
    await pullChanges(
      testSyncContext(db, async () => Response.json(page([over]))),
      'L',
      't',
    );
    const stored = await db.attempts.get('a2');
    expect(stored).toMatchObject({ gradeStatus: 'graded', overLimit: true, finishedAt: 2 });
    expect(stored).not.toHaveProperty('score');
    expect(stored).not.toHaveProperty('passed');
  });
});
