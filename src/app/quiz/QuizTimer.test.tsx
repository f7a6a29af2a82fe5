import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuizTimer } from './QuizTimer';

describe('QuizTimer (ujian time limit)', () => {
  let root: HTMLElement;
  beforeEach(() => {
    vi.useFakeTimers();
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
    vi.useRealTimers();
  });

  it('counts down and ends the attempt once at zero', () => {
    const onExpire = vi.fn();
    act(() => render(<QuizTimer deadline={Date.now() + 65_000} onExpire={onExpire} />, root));
    expect(root.textContent).toBe('Sisa waktu 1:05');
    act(() => void vi.advanceTimersByTime(60_000));
    expect(root.textContent).toBe('Sisa waktu 0:05');
    expect(onExpire).not.toHaveBeenCalled();
    act(() => void vi.advanceTimersByTime(10_000));
    expect(root.textContent).toBe('Sisa waktu 0:00');
    expect(onExpire).toHaveBeenCalledTimes(1);
  });

  it('ends at once an attempt resumed after its time ran out', () => {
    const onExpire = vi.fn();
    act(() => render(<QuizTimer deadline={Date.now() - 1000} onExpire={onExpire} />, root));
    expect(onExpire).toHaveBeenCalledTimes(1);
  });
});
