import * as v from 'valibot';

// Quiz questions as the app and the server see them. The *content* of a question ships to the
// phone; its *key* (correct answers, per-choice feedback) ships only for latihan quizzes — for
// ujian the key stays on the server (docs/course-package.md).

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(80));
const Text = v.pipe(v.string(), v.maxLength(20_000));

export const ChoiceSchema = v.object({ id: Id, text: Text });
export type Choice = v.InferOutput<typeof ChoiceSchema>;

const base = {
  id: Id,
  title: v.optional(Text),
  /** Markdown, sanitised on render. */
  text: Text,
};

export const QuestionSchema = v.variant('type', [
  v.object({ ...base, type: v.literal('single'), choices: v.array(ChoiceSchema) }),
  v.object({ ...base, type: v.literal('multiple'), choices: v.array(ChoiceSchema) }),
  v.object({ ...base, type: v.literal('truefalse') }),
  v.object({ ...base, type: v.literal('short') }),
  v.object({ ...base, type: v.literal('matching'), left: v.array(ChoiceSchema), right: v.array(ChoiceSchema) }),
  v.object({ ...base, type: v.literal('numeric') }),
]);
export type Question = v.InferOutput<typeof QuestionSchema>;
export type QuestionType = Question['type'];

const feedback = v.optional(v.record(v.string(), Text));

/** The answer key of one question, by type. Percent weights follow GIFT (`~%50%`). */
export const QuestionKeySchema = v.variant('type', [
  v.object({ type: v.literal('single'), correct: Id, feedback }),
  v.object({ type: v.literal('multiple'), weights: v.record(v.string(), v.number()), feedback }),
  v.object({ type: v.literal('truefalse'), correct: v.boolean(), feedback }),
  v.object({ type: v.literal('short'), accepted: v.array(Text), feedback }),
  v.object({ type: v.literal('matching'), pairs: v.record(v.string(), v.string()) }),
  v.object({ type: v.literal('numeric'), ranges: v.array(v.object({ min: v.number(), max: v.number() })) }),
]);
export type QuestionKey = v.InferOutput<typeof QuestionKeySchema>;

/** What a learner gave for one question. */
export const AnswerValueSchema = v.variant('type', [
  v.object({ type: v.literal('single'), choice: Id }),
  v.object({ type: v.literal('multiple'), choices: v.pipe(v.array(Id), v.maxLength(50)) }),
  v.object({ type: v.literal('truefalse'), value: v.boolean() }),
  v.object({ type: v.literal('short'), text: v.pipe(v.string(), v.maxLength(1000)) }),
  v.object({ type: v.literal('matching'), pairs: v.record(v.string(), v.string()) }),
  v.object({ type: v.literal('numeric'), value: v.number() }),
]);
export type AnswerValue = v.InferOutput<typeof AnswerValueSchema>;

export const QuizModeSchema = v.picklist(['latihan', 'ujian']);
export type QuizMode = v.InferOutput<typeof QuizModeSchema>;

/**
 * A quiz file inside a course package (content-addressed JSON). `keys` is present for latihan
 * and absent in the device package of an ujian; `explanations` are the author's general feedback.
 */
export const QuizDocumentSchema = v.object({
  id: Id,
  title: Text,
  mode: QuizModeSchema,
  timeLimitMinutes: v.optional(v.number()),
  /** Percent needed to pass (post-test). */
  passScore: v.optional(v.number()),
  questions: v.array(QuestionSchema),
  keys: v.optional(v.record(v.string(), QuestionKeySchema)),
  explanations: v.optional(v.record(v.string(), Text)),
});
export type QuizDocument = v.InferOutput<typeof QuizDocumentSchema>;
