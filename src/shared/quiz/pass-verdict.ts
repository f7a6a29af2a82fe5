// The one rule for "passed", used by the phone (latihan, scored on the device) and by the server
// (every graded attempt), so both always show the same verdict for the same score.

/**
 * The pass mark of a quiz: the course manifest's per-quiz mark first (what the author set for this
 * use of the quiz), else the quiz document's own, else none. A mark that is not a finite number is
 * no mark.
 * @example passMarkOf(70, 60) // 70
 */
export function passMarkOf(manifestPassScore?: number | null, documentPassScore?: number | null): number | null {
  for (const mark of [manifestPassScore, documentPassScore]) {
    if (typeof mark === 'number' && Number.isFinite(mark)) return mark;
  }
  return null;
}

/**
 * Passed or not, or `null` when the quiz has no pass mark: then nothing may say "Lulus", however
 * high the score.
 * @example passVerdict(58.3, null) // null
 * @example passVerdict(70, 70) // true
 */
export function passVerdict(percent: number, passMark: number | null): boolean | null {
  if (passMark === null) return null;
  return percent >= passMark;
}
