import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { LineCounter, parseDocument } from 'yaml';
import { QuizModeSchema } from '../../shared/quiz/question';
import { ReviewPolicySchema, WaitMinutesSchema } from '../../shared/quiz/quiz-policy';
import { CourseBuildError } from './course-build-error';

// course.yaml: what the author writes. See docs/course-package.md for an example.

const Id = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'ids are lowercase letters, digits and dashes'));

const QuizSourceSchema = v.pipe(
  v.strictObject({
    file: v.string(),
    id: v.optional(Id),
    title: v.pipe(v.string(), v.minLength(1)),
    mode: QuizModeSchema,
    timeLimitMinutes: v.optional(v.pipe(v.number(), v.minValue(1))),
    passScore: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(100))),
    // The quiz policy (docs/quiz-policy.md); what is left out follows the quiz's role.
    review: v.optional(ReviewPolicySchema),
    maxAttempts: v.optional(
      v.union(
        [v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000)), v.literal('unlimited')],
        'a whole number from 1 to 1000, or unlimited',
      ),
    ),
    waitMinutes: v.optional(WaitMinutesSchema),
  }),
  // A latihan's keys ship with it, so a review rule for it would promise what the package cannot keep.
  v.forward(
    v.check((q) => q.mode !== 'latihan' || q.review === undefined, 'a latihan is always reviewable: leave review out'),
    ['review'],
  ),
);
export type QuizSource = v.InferOutput<typeof QuizSourceSchema>;

export const CourseSourceSchema = v.strictObject({
  id: Id,
  title: v.pipe(v.string(), v.minLength(1)),
  language: v.string(),
  version: v.pipe(v.string(), v.regex(/^\d+\.\d+\.\d+$/, 'a version like 1.2.0')),
  description: v.optional(v.string()),
  modules: v.pipe(
    v.array(
      v.strictObject({
        id: Id,
        title: v.pipe(v.string(), v.minLength(1)),
        lessons: v.array(v.strictObject({ file: v.string(), id: v.optional(Id) })),
        quizzes: v.optional(v.array(QuizSourceSchema), []),
      }),
    ),
    v.minLength(1, 'a course needs at least one module'),
  ),
  pretest: v.optional(QuizSourceSchema),
  posttest: v.optional(QuizSourceSchema),
});
export type CourseSource = v.InferOutput<typeof CourseSourceSchema>;

/** Reads and validates `<dir>/course.yaml`; errors point at the offending line. */
export async function readCourseSource(dir: string, displayDir = dir): Promise<CourseSource> {
  const file = join(displayDir, 'course.yaml');
  let text: string;
  try {
    text = await readFile(join(dir, 'course.yaml'), 'utf8');
  } catch {
    throw new CourseBuildError(file, 1, 'course.yaml not found');
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const yamlError = doc.errors[0];
  if (yamlError) {
    throw new CourseBuildError(
      file,
      yamlError.linePos?.[0].line ?? 1,
      `YAML error: ${yamlError.message.split('\n')[0]}`,
    );
  }
  const result = v.safeParse(CourseSourceSchema, doc.toJS());
  if (!result.success) {
    const issue = result.issues[0];
    const path = (issue.path ?? []).map((p) => p.key as string | number);
    // Point at the deepest node that exists on the issue's path.
    let line = 1;
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) {
        line = lineCounter.linePos(node.range[0]).line;
        break;
      }
    }
    throw new CourseBuildError(file, line, `${path.join('.') || 'course'}: ${issue.message}`);
  }
  return result.output;
}
