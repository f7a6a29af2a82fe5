import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AttemptRecord } from '../../db/learning-records';
import type { QuizDocument } from '../../shared/quiz/question';
import { QuizIntro } from './QuizIntro';
import { quizAvailability, type QuizAvailability } from './quiz-availability';

const doc: QuizDocument = {
  id: 'pretest',
  title: 'Pre-test',
  mode: 'ujian',
  questions: [{ id: 't1', type: 'truefalse', text: 'Dana Desa bersumber dari APBN.' }],
};
const finished = (finishedAt: number): AttemptRecord => ({
  id: `a${finishedAt}`,
  learnerId: 'L',
  courseId: 'c',
  courseVersion: '1.0.0',
  quizId: 'pretest',
  mode: 'ujian',
  startedAt: finishedAt - 60_000,
  finishedAt,
  currentIndex: 1,
  gradeStatus: 'pending',
});

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
});

function show(availability: QuizAvailability) {
  const onStart = vi.fn(() => Promise.resolve());
  act(() =>
    render(<QuizIntro doc={doc} role="pretest" passMark={null} availability={availability} onStart={onStart} />, root),
  );
  return { start: [...root.querySelectorAll('button')].find((b) => b.textContent === 'Mulai') };
}

describe('QuizIntro under the quiz policy', () => {
  it('says the quiz is closed when every attempt is used, and offers no start', () => {
    const { start } = show(
      quizAvailability({ review: 'after-posttest', maxAttempts: 1, waitMinutes: 0 }, [finished(1000)], 2000),
    );
    expect(start).toBeUndefined();
    expect(root.querySelector('[data-testid="quiz-closed"]')?.textContent).toBe(
      'Kuis ini sudah ditutup: semua 1 percobaan sudah dipakai.',
    );
    expect(root.querySelector('[data-testid="quiz-attempts"]')?.textContent).toBe('Percobaan dinilai: 1 dari 1');
  });

  it('says when to try again during the wait after an attempt', () => {
    const end = new Date(2026, 11, 1, 14, 0).getTime();
    const policy = { review: 'after-final' as const, maxAttempts: 3, waitMinutes: 30 };
    const { start } = show(quizAvailability(policy, [finished(end)], end + 60_000));
    expect(start).toBeUndefined();
    expect(root.querySelector('[data-testid="quiz-closed"]')?.textContent).toMatch(
      /^Kuis ini bisa dikerjakan lagi nanti: coba lagi setelah .*14[.:]30\.$/,
    );
  });

  it('opens once the wait is over, counting the attempts used', () => {
    const policy = { review: 'after-final' as const, maxAttempts: 3, waitMinutes: 30 };
    const { start } = show(quizAvailability(policy, [finished(0), finished(1000)], 1000 + 30 * 60_000));
    expect(start).toBeDefined();
    expect(root.querySelector('[data-testid="quiz-closed"]')).toBeNull();
    expect(root.querySelector('[data-testid="quiz-attempts"]')?.textContent).toBe('Percobaan dinilai: 2 dari 3');
  });

  it('never closes a latihan, and shows no attempt count for it', () => {
    const policy = { review: 'after-grading' as const, maxAttempts: null, waitMinutes: 0 };
    const many = Array.from({ length: 20 }, (_, i) => finished(i + 1));
    const { start } = show(quizAvailability(policy, many, 100));
    expect(start).toBeDefined();
    expect(root.querySelector('[data-testid="quiz-attempts"]')).toBeNull();
  });

  it('does not count an attempt still open on the phone as used', () => {
    const open = { ...finished(5), finishedAt: undefined };
    expect(quizAvailability({ review: 'never', maxAttempts: 1, waitMinutes: 0 }, [open], 10)).toEqual({
      open: true,
      used: 0,
      max: 1,
    });
  });
});
