import * as v from 'valibot';
import type { QuizMode } from './question';

// What a quiz allows: when its keys may be shown (review) and how many scored attempts it has, with
// an optional wait between attempts. The author sets it per quiz in course.yaml; what is not set
// follows the quiz's role, so a manifest published before these fields existed gets the same rules.
// docs/quiz-policy.md explains the rules and why the defaults are what they are.

/**
 * When the server sends a graded ujian's keys and explanations to the phone:
 * - `after-grading`: with the attempt's grade;
 * - `after-final`: once the learner cannot get another scored attempt (passed, or every attempt used);
 * - `after-posttest`: once the learner's post-test of the same course is graded (a pre-test whose
 *   questions the post-test reuses);
 * - `never`.
 * A latihan is always reviewable: its keys ship with it.
 */
export const REVIEW_POLICIES = ['after-grading', 'after-final', 'after-posttest', 'never'] as const;
export const ReviewPolicySchema = v.picklist(REVIEW_POLICIES);
export type ReviewPolicy = v.InferOutput<typeof ReviewPolicySchema>;

/** Most scored attempts, or null for no limit. */
export const MaxAttemptsSchema = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000)));
/** Minutes between finishing one attempt and starting the next (the phone's clock). */
export const WaitMinutesSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(525_600));

export interface QuizPolicy {
  review: ReviewPolicy;
  maxAttempts: number | null;
  waitMinutes: number;
}

/** The policy fields a quiz reference may carry (all optional: older manifests have none). */
export interface QuizPolicyFields {
  role: 'practice' | 'pretest' | 'posttest';
  mode: QuizMode;
  review?: ReviewPolicy | undefined;
  maxAttempts?: number | null | undefined;
  waitMinutes?: number | undefined;
}

/**
 * The quiz's policy: what its reference says, the role's default for what it leaves out. Defaults:
 * pre-test one attempt, reviewed after the post-test (its keys would give the post-test away);
 * post-test three attempts, reviewed when final (after the first, the keys would make the second a
 * copy); other ujian and every latihan unlimited; a latihan always reviewable.
 * @example quizPolicyOf({ role: 'pretest', mode: 'ujian' }) // { review: 'after-posttest', maxAttempts: 1, waitMinutes: 0 }
 */
export function quizPolicyOf(ref: QuizPolicyFields): QuizPolicy {
  const defaults = defaultPolicy(ref.role, ref.mode);
  if (ref.mode === 'latihan') return { ...defaults, ...pickLimits(ref) };
  return { ...defaults, ...(ref.review !== undefined && { review: ref.review }), ...pickLimits(ref) };
}

function pickLimits(ref: QuizPolicyFields): Partial<QuizPolicy> {
  return {
    ...(ref.maxAttempts !== undefined && { maxAttempts: ref.maxAttempts }),
    ...(ref.waitMinutes !== undefined && { waitMinutes: ref.waitMinutes }),
  };
}

function defaultPolicy(role: QuizPolicyFields['role'], mode: QuizMode): QuizPolicy {
  if (mode === 'latihan') return { review: 'after-grading', maxAttempts: null, waitMinutes: 0 };
  if (role === 'pretest') return { review: 'after-posttest', maxAttempts: 1, waitMinutes: 0 };
  if (role === 'posttest') return { review: 'after-final', maxAttempts: 3, waitMinutes: 0 };
  return { review: 'after-grading', maxAttempts: null, waitMinutes: 0 };
}
