import * as v from 'valibot';
import { AnswerValueSchema, QuizModeSchema } from '../quiz/question';
import { UuidSchema as Uuid } from './uuid';

// What a phone sends to the server. Every item is immutable once written to the outbox and has
// its own UUID (v7), so the server can tell a replay (`duplicate`) from a clash (`conflict`).
// Every id is lower-cased by the schema; strings and numbers that PostgreSQL cannot store as sent
// (NUL, lone surrogates, non-finite numbers) are refused by the server before this schema runs.

const Ref = v.pipe(v.string(), v.minLength(1), v.maxLength(120));
/** Client clock, ms since epoch; never trusted for ordering across devices, never a reason to reject. */
const ClientTime = v.number();

const itemBase = {
  id: Uuid,
  /** Whose work it is; the server checks the token may write for this learner. */
  learnerId: Uuid,
  /** Per-device sequence number, increasing by one per queued item. */
  seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
};

/** One answer, saved the moment it was given. A changed answer is a new item. */
export const AnswerItemSchema = v.strictObject({
  ...itemBase,
  kind: v.literal('answer'),
  attemptId: Uuid,
  courseId: Ref,
  courseVersion: Ref,
  quizId: Ref,
  questionId: Ref,
  value: AnswerValueSchema,
  answeredAt: ClientTime,
});

/** The end of an attempt: lists the answer item ids that make it up, so the server knows it has them all. */
export const AttemptItemSchema = v.strictObject({
  ...itemBase,
  kind: v.literal('attempt'),
  /** Equals the attempt id. */
  attemptId: Uuid,
  courseId: Ref,
  courseVersion: Ref,
  quizId: Ref,
  mode: QuizModeSchema,
  startedAt: ClientTime,
  finishedAt: ClientTime,
  /** The latest answer item per question, the ones to grade. */
  answerIds: v.pipe(v.array(Uuid), v.maxLength(500)),
  /** The phone's own score for latihan (0..100); the server re-grades and flags a mismatch. */
  clientScore: v.optional(v.number()),
});

/** A progress change for one lesson; merged per field (see docs/sync-protocol.md). */
export const ProgressItemSchema = v.strictObject({
  ...itemBase,
  kind: v.literal('progress'),
  courseId: Ref,
  lessonId: Ref,
  /** Monotone: once read, always read. */
  completed: v.boolean(),
  /** Last position in the lesson (0..1); last writer wins by `hlc`. */
  position: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  /** Hybrid logical clock `wallMs:counter:deviceId`, ordering edits across devices. */
  hlc: v.pipe(v.string(), v.maxLength(100)),
  updatedAt: ClientTime,
});

export const SyncItemSchema = v.variant('kind', [AnswerItemSchema, AttemptItemSchema, ProgressItemSchema]);
export type SyncItem = v.InferOutput<typeof SyncItemSchema>;
export type AnswerItem = v.InferOutput<typeof AnswerItemSchema>;
export type AttemptItem = v.InferOutput<typeof AttemptItemSchema>;
export type ProgressItem = v.InferOutput<typeof ProgressItemSchema>;
