// @vitest-environment node
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { POSTTEST, POSTTEST_ITEMS_PER_ATTEMPT, makePostTestAttempts } from '../../../bench/posttest-attempts';
import { gradeOf } from '../../../src/server/sync/grade-attempts';
import { SyncItemSchema, type AnswerItem, type AttemptItem } from '../../../src/shared/sync/sync-item';

describe('bench post-test attempts', () => {
  const learnerId = '0190a0b4-0000-7000-8000-000000000001';
  const items = makePostTestAttempts(learnerId, 8, 5);

  it('are the demo post-test: 12 questions of every type, so 13 sync items per attempt', () => {
    expect(POSTTEST.questions).toHaveLength(12);
    expect(new Set(POSTTEST.questions.map((q) => q.type))).toEqual(
      new Set(['single', 'multiple', 'truefalse', 'short', 'matching', 'numeric']),
    );
    expect(POSTTEST_ITEMS_PER_ATTEMPT).toBe(13);
    expect(items).toHaveLength(8 * 13);
  });

  it('queue each answer before its attempt, which lists exactly those answers; device seq counts up from the first', () => {
    expect(items.map((i) => i.seq)).toEqual(items.map((_, i) => 5 + i));
    for (let a = 0; a < 8; a++) {
      const answers = items.slice(a * 13, a * 13 + 12) as AnswerItem[];
      const attempt = items[a * 13 + 12] as AttemptItem;
      expect(attempt.kind).toBe('attempt');
      expect(answers.every((x) => x.kind === 'answer' && x.attemptId === attempt.id)).toBe(true);
      expect(attempt.answerIds).toEqual(answers.map((x) => x.id));
      expect(answers.map((x) => x.questionId)).toEqual(POSTTEST.questions.map((q) => q.id));
    }
  });

  it('are valid sync items that the server grades, neither all right nor all wrong', () => {
    for (const item of items) expect(v.safeParse(SyncItemSchema, item).success).toBe(true);
    const quiz = { doc: POSTTEST, role: 'posttest' as const, passScore: 70, policy: {} as never };
    const scores = [0, 1, 2, 3].map((a) => gradeOf(quiz, items.slice(a * 13, a * 13 + 12) as AnswerItem[], null).score);
    for (const score of scores) {
      expect(score).toBeGreaterThan(50);
      expect(score).toBeLessThan(100);
    }
  });
});
