import type { AnswerValue, QuizMode } from '../shared/quiz/question';
import type { GradeReview } from '../shared/sync/protocol';
import type { AnswerItem, SyncItem } from '../shared/sync/sync-item';

// Learning data on the phone, always per learner (several officials share one phone).

/** A quiz attempt. Answers live in `answers`; the attempt resumes at `currentIndex`. */
export interface AttemptRecord {
  id: string;
  learnerId: string;
  courseId: string;
  courseVersion: string;
  quizId: string;
  mode: QuizMode;
  startedAt: number;
  currentIndex: number;
  /**
   * Answer records made in this attempt so far; the next answer's id follows from it
   * (`nextAnswerId`). Absent on attempts started before answers were numbered: they get random ids.
   */
  answersGiven?: number;
  finishedAt?: number;
  /** latihan: computed on the phone; ujian: filled in by the server's grade after sync. */
  score?: number;
  /** `pending` until the server's grade arrives (ujian: "menunggu penilaian"). */
  gradeStatus: 'local' | 'pending' | 'graded';
  passed?: boolean;
  /** Graded by the server as past the quiz's attempt limit: kept, not scored (no `score`). */
  overLimit?: boolean;
  /** ujian: the keys and explanations the server sent with the grade, as the quiz's review policy allows. */
  review?: GradeReview;
}

/** One given answer; the latest per question counts. Written with its outbox row in one transaction. */
export interface AnswerRecord {
  /** Same id as its outbox item. */
  id: string;
  attemptId: string;
  learnerId: string;
  questionId: string;
  value: AnswerValue;
  answeredAt: number;
}

/**
 * A sync item as the app hands it to `enqueueOutbox`: everything but `seq`, which the outbox
 * assigns (per kind, so the item stays a discriminated union).
 */
export type UnsequencedItem = SyncItem extends infer T ? (T extends SyncItem ? Omit<T, 'seq'> : never) : never;

/** Outbox row: the only source of truth for what must reach the server. */
export interface OutboxRow {
  /** Per-device sequence number, from `enqueueOutbox`: the table's key, so every stored row has one. */
  seq: number;
  /** The item's UUID. */
  id: string;
  learnerId: string;
  item: SyncItem;
  /**
   * A finished attempt's answers that had not gone out when it was finished, sent just before its
   * attempt item (`item`) and recorded with it: one row per attempt instead of one per answer, so a
   * sync reads and writes a thirteenth of the rows (`finishAttempt`, `rowItems`). Only ever on a
   * pending attempt row; a row whose items get different answers is split back into one row per
   * item first (`unfoldRow`), so a dead-lettered row always carries one item.
   */
  answers?: AnswerItem[];
  state: 'pending' | 'synced' | 'dead';
  tries: number;
  nextTryAt: number;
  /** Why the last send failed (pending) or why it was given up (dead): a server or engine code. */
  lastError?: string;
  syncedAt?: number;
  /**
   * Times this item alone got a 5xx while the server stored other items, and when that was first
   * seen: the sync engine's evidence that the item itself breaks the server (`pushOutbox`).
   */
  serverErrors?: { count: number; firstAt: number };
}

/** Reading progress of one lesson for one learner, merged per field with other devices. */
export interface ProgressRecord {
  learnerId: string;
  courseId: string;
  lessonId: string;
  completed: boolean;
  position?: number;
  hlc: string;
  updatedAt: number;
}
