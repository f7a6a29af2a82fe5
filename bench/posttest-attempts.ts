// The real-sized unit of every sync figure: one finished post-test shaped like the demo course's
// (content/perencanaan-pembangunan-desa/quizzes/posttest.gift, 12 questions of all six types) =
// its 12 answer items + its attempt item. The quiz is compiled from the GIFT file by the course
// CLI's own converter and published on the bench store, so the server validates and grades the
// attempts exactly as it would a learner's.
import { readFileSync } from 'node:fs';
import { newAttemptId } from '../src/app/quiz/answer-ids';
import { nextId } from '../src/shared/sync/pack-items';
import { giftToQuiz } from '../src/cli/course/gift-to-quiz';
import type { AnswerValue, QuestionKey, QuizDocument } from '../src/shared/quiz/question';
import type { AnswerItem, AttemptItem, SyncItem } from '../src/shared/sync/sync-item';
import type { Queryable } from '../src/server/store/store';
import { COURSE, seedQuizzes } from '../tests/server/sync-fixtures';

const GIFT_FILE = 'content/perencanaan-pembangunan-desa/quizzes/posttest.gift';
export const POSTTEST_QUIZ_ID = 'posttest-demo';
const PASS_SCORE = 70;

/** The demo post-test with its keys (what the server holds for an ujian). */
export const POSTTEST: QuizDocument = giftToQuiz(readFileSync(GIFT_FILE, 'utf8'), GIFT_FILE, {
  id: POSTTEST_QUIZ_ID,
  title: 'Post-test',
  mode: 'ujian',
  passScore: PASS_SCORE,
  timeLimitMinutes: 20,
});

/** Sync items per post-test attempt: one per question + the attempt. */
export const POSTTEST_ITEMS_PER_ATTEMPT = POSTTEST.questions.length + 1;

/**
 * Publishes the fixture course (`seedQuizzes`) plus the demo post-test in it, as an ujian whose
 * role puts no limit on attempts: a real post-test allows 3 per learner (docs/quiz-policy.md), and
 * the bench's one phone sends thousands, every one of which must be graded and scored.
 */
export async function seedPostTest(db: Queryable): Promise<void> {
  await seedQuizzes(db);
  await db.query(
    `INSERT INTO quiz_keys (course_id, version, quiz_id, mode, role, pass_score, question_count, doc)
     VALUES ($1, $2, $3, 'ujian', 'practice', $4, $5, $6::text::jsonb) ON CONFLICT DO NOTHING`,
    [COURSE.id, COURSE.version, POSTTEST_QUIZ_ID, PASS_SCORE, POSTTEST.questions.length, JSON.stringify(POSTTEST)],
  );
}

/** The right answer to a question from its key; `wrong` gives a plausible wrong one of the same type. */
function answerFor(key: QuestionKey, wrong: boolean): AnswerValue {
  switch (key.type) {
    case 'single':
      return { type: 'single', choice: wrong ? 'z' : key.correct };
    case 'multiple': {
      const right = Object.entries(key.weights).filter(([, w]) => w > 0);
      return { type: 'multiple', choices: (wrong ? right.slice(1) : right).map(([id]) => id) };
    }
    case 'truefalse':
      return { type: 'truefalse', value: wrong ? !key.correct : key.correct };
    case 'short':
      return { type: 'short', text: wrong ? 'tidak tahu' : key.accepted[0]! };
    case 'matching': {
      const pairs = Object.entries(key.pairs);
      // Wrong: the first two left items swapped.
      if (wrong && pairs.length > 1) [pairs[0]![1], pairs[1]![1]] = [pairs[1]![1], pairs[0]![1]];
      return { type: 'matching', pairs: Object.fromEntries(pairs) };
    }
    case 'numeric':
      return { type: 'numeric', value: wrong ? key.ranges[0]!.max + 5 : key.ranges[0]!.min };
  }
}

/**
 * `count` finished post-tests of `learnerId` as the phone queues them: each question's answer item
 * (answered 20 s apart, about a quarter of them wrong) and then the attempt item, device sequence
 * numbers from `firstSeq`.
 */
export function makePostTestAttempts(learnerId: string, count: number, firstSeq = 1, at = Date.now()): SyncItem[] {
  const items: SyncItem[] = [];
  let seq = firstSeq;
  for (let a = 0; a < count; a++) {
    // Ids as the app makes them (src/app/quiz/answer-ids.ts): answers numbered from the attempt's id.
    const attemptId = newAttemptId();
    let answerId = attemptId;
    const finishedAt = at + a * 1000;
    const startedAt = finishedAt - POSTTEST.questions.length * 20_000 - 5_000;
    const answerIds: string[] = [];
    POSTTEST.questions.forEach((question, q) => {
      const answer: AnswerItem = {
        kind: 'answer',
        id: (answerId = nextId(answerId)!),
        learnerId,
        seq: seq++,
        attemptId,
        courseId: COURSE.id,
        courseVersion: COURSE.version,
        quizId: POSTTEST_QUIZ_ID,
        questionId: question.id,
        value: answerFor(POSTTEST.keys![question.id]!, (a + q) % 4 === 0),
        answeredAt: startedAt + (q + 1) * 20_000,
      };
      answerIds.push(answer.id);
      items.push(answer);
    });
    const attempt: AttemptItem = {
      kind: 'attempt',
      id: attemptId,
      attemptId,
      learnerId,
      seq: seq++,
      courseId: COURSE.id,
      courseVersion: COURSE.version,
      quizId: POSTTEST_QUIZ_ID,
      mode: 'ujian',
      startedAt,
      finishedAt,
      answerIds,
    };
    items.push(attempt);
  }
  return items;
}
