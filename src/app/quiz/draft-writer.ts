import type { LenteraDatabase } from '../../db/database';
import type { AnswerDraft } from './answer-draft';
import { saveQuestionDraft } from './question-drafts';

/** Longest wait between a keystroke and its entry on disk: a pause in typing, never a whole answer. */
export const TYPING_PAUSE_MS = 250;

/**
 * Writes the quiz entries to IndexedDB as they change, one write after another in the order of
 * the changes (a later entry can never be overwritten by an earlier one). A tick or a select is
 * written at once; typing waits for a short pause, and `flush` writes it immediately (before a
 * save, on leaving the question or when the page is hidden).
 * @example const writer = new DraftWriter(db, attempt.id, onError); writer.change('q4', { choices: ['a'] }, false);
 */
export class DraftWriter {
  private chain: Promise<void> = Promise.resolve();
  private waiting: { timer: ReturnType<typeof setTimeout>; questionId: string; entry: AnswerDraft } | undefined;

  constructor(
    private readonly db: LenteraDatabase,
    private readonly attemptId: string,
    private readonly onError: (failure: unknown) => void,
    private readonly pauseMs = TYPING_PAUSE_MS,
  ) {}

  /** Records a new entry for a question; `typing` entries wait for a pause in typing. */
  change(questionId: string, entry: AnswerDraft, typing: boolean): void {
    if (this.waiting) {
      clearTimeout(this.waiting.timer);
      if (this.waiting.questionId !== questionId) this.write(this.waiting.questionId, this.waiting.entry);
      this.waiting = undefined;
    }
    if (!typing) return this.write(questionId, entry);
    const timer = setTimeout(() => void this.flush(), this.pauseMs);
    this.waiting = { timer, questionId, entry };
  }

  /** Writes the entry still waiting for a pause, and resolves once every write so far is on disk. */
  flush(): Promise<void> {
    if (this.waiting) {
      clearTimeout(this.waiting.timer);
      this.write(this.waiting.questionId, this.waiting.entry);
      this.waiting = undefined;
    }
    return this.chain;
  }

  private write(questionId: string, entry: AnswerDraft): void {
    const at = Date.now();
    this.chain = this.chain
      .then(() => saveQuestionDraft(this.db, this.attemptId, questionId, entry, at))
      .catch(this.onError);
  }
}
