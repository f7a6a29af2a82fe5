import * as v from 'valibot';
import { QuizRoleSchema } from '../course/manifest';
import { QuestionKeySchema, QuestionSchema, QuizModeSchema, type QuestionKey, type Question } from '../quiz/question';
import { isQuestionId } from '../quiz-import/question-id';

// A quiz written in the browser's question editor (docs/authoring.md). The body is the QuizDocument
// shape the CLI's build reads from a JSON or YAML quiz file, plus where the quiz sits in the course;
// the same rules as the importer's are checked on it (quizDraftIssues) in the editor and on the server.

const Text = v.pipe(v.string(), v.maxLength(20_000));

/** Body of `PUT /api/authoring/courses/{courseId}/quizzes/{quizId}`, and what its GET answers. */
export const QuizDraftSchema = v.object({
  title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
  mode: QuizModeSchema,
  role: QuizRoleSchema,
  /** Percent needed to pass an ujian. */
  passScore: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100))),
  questions: v.pipe(v.array(QuestionSchema), v.maxLength(500)),
  keys: v.record(v.string(), QuestionKeySchema),
  explanations: v.optional(v.record(v.string(), Text)),
});
export type QuizDraft = v.InferOutput<typeof QuizDraftSchema>;

export const SaveQuizResultSchema = v.object({ id: v.string(), questionCount: v.number() });

/** Why the editor (and the server) refuse a question; the screen words each one. */
export type QuizDraftIssueCode =
  | 'no_questions'
  | 'empty_text'
  | 'too_few_choices'
  | 'empty_choice'
  | 'no_correct_answer'
  | 'empty_answers'
  | 'bad_id'
  | 'duplicate_id'
  | 'key_mismatch'
  | 'not_ujian';

export const QuizDraftIssueSchema = v.object({
  /** 0-based position of the question; -1 for the quiz as a whole. */
  question: v.number(),
  code: v.picklist([
    'no_questions',
    'empty_text',
    'too_few_choices',
    'empty_choice',
    'no_correct_answer',
    'empty_answers',
    'bad_id',
    'duplicate_id',
    'key_mismatch',
    'not_ujian',
  ] satisfies QuizDraftIssueCode[]),
});
export type QuizDraftIssue = v.InferOutput<typeof QuizDraftIssueSchema>;

const blank = (text: string | undefined) => (text ?? '').trim() === '';

/** What is wrong with one question and its key (the importer's rules), or null. */
function questionIssue(q: Question, key: QuestionKey | undefined): QuizDraftIssueCode | null {
  if (!isQuestionId(q.id)) return 'bad_id';
  if (blank(q.text)) return 'empty_text';
  if (!key || key.type !== q.type) return 'key_mismatch';
  if (q.type === 'single' || q.type === 'multiple') {
    if (q.choices.length < 2) return 'too_few_choices';
    if (q.choices.some((c) => blank(c.text))) return 'empty_choice';
    const ids = new Set(q.choices.map((c) => c.id));
    if (ids.size !== q.choices.length) return 'key_mismatch';
    if (key.type === 'single' && !ids.has(key.correct)) return 'no_correct_answer';
    if (key.type === 'multiple') {
      if (Object.keys(key.weights).some((id) => !ids.has(id))) return 'key_mismatch';
      if (!Object.values(key.weights).some((w) => w > 0)) return 'no_correct_answer';
    }
  }
  if (key.type === 'short' && !key.accepted.some((a) => !blank(a))) return 'empty_answers';
  return null;
}

/**
 * Every reason a quiz from the editor cannot be saved, by question index: the same rules the GIFT
 * and Aiken importer applies (text, at least two choices, one marked right, a non-empty answer set),
 * plus unique valid ids and a key for every question. Empty when it can be saved.
 */
export function quizDraftIssues(quiz: QuizDraft): QuizDraftIssue[] {
  const issues: QuizDraftIssue[] = [];
  if (quiz.role !== 'practice' && quiz.mode !== 'ujian') issues.push({ question: -1, code: 'not_ujian' });
  if (quiz.questions.length === 0) issues.push({ question: -1, code: 'no_questions' });
  const seen = new Set<string>();
  quiz.questions.forEach((q, i) => {
    const code = seen.has(q.id) ? 'duplicate_id' : questionIssue(q, quiz.keys[q.id]);
    seen.add(q.id);
    if (code) issues.push({ question: i, code });
  });
  return issues;
}
