import type { AnswerValue, QuizMode } from '../shared/quiz/question';
import type { SyncItem } from '../shared/sync/sync-item';

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
  finishedAt?: number;
  /** latihan: computed on the phone; ujian: filled in by the server's grade after sync. */
  score?: number;
  /** `pending` until the server's grade arrives (ujian: "menunggu penilaian"). */
  gradeStatus: 'local' | 'pending' | 'graded';
  passed?: boolean;
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

/** Outbox row: the only source of truth for what must reach the server. */
export interface OutboxRow {
  /** Per-device sequence number, from `enqueueOutbox`. */
  seq?: number;
  /** The item's UUID. */
  id: string;
  learnerId: string;
  item: SyncItem;
  state: 'pending' | 'synced' | 'dead';
  tries: number;
  nextTryAt: number;
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

/** Small key-value state of the sync engine (checkpoints, serverEpoch, last success). */
export interface SyncStateRecord {
  key: string;
  value: unknown;
}
