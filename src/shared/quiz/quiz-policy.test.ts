import { describe, expect, it } from 'vitest';
import { quizPolicyOf } from './quiz-policy';

describe('quizPolicyOf', () => {
  it('gives a pre-test one attempt, reviewed only after the post-test, when the reference says nothing', () => {
    expect(quizPolicyOf({ role: 'pretest', mode: 'ujian' })).toEqual({
      review: 'after-posttest',
      maxAttempts: 1,
      waitMinutes: 0,
    });
  });

  it('gives a post-test three attempts, reviewed when its result is final', () => {
    expect(quizPolicyOf({ role: 'posttest', mode: 'ujian' })).toEqual({
      review: 'after-final',
      maxAttempts: 3,
      waitMinutes: 0,
    });
  });

  it('leaves a latihan unlimited and always reviewable, whatever review the reference names', () => {
    expect(quizPolicyOf({ role: 'practice', mode: 'latihan', review: 'never' })).toEqual({
      review: 'after-grading',
      maxAttempts: null,
      waitMinutes: 0,
    });
  });

  it('keeps what the reference sets, including no limit (null) on a post-test', () => {
    expect(
      quizPolicyOf({ role: 'posttest', mode: 'ujian', review: 'never', maxAttempts: null, waitMinutes: 30 }),
    ).toEqual({ review: 'never', maxAttempts: null, waitMinutes: 30 });
  });
});
