import '../i18n/screen-messages';
import { useRoute } from 'preact-iso';
import { db } from '../../db/database';
import type { AnswerRecord, AttemptRecord } from '../../db/learning-records';
import type { Profile } from '../../db/profile';
import type { QuizRef } from '../../shared/course/manifest';
import { passMarkOf } from '../../shared/quiz/pass-verdict';
import type { QuizDocument } from '../../shared/quiz/question';
import { quizPolicyOf } from '../../shared/quiz/quiz-policy';
import { withLearner } from '../profiles/LearnerGate';
import { readQuizDocument } from '../courses/read-course-file';
import { useCourse } from '../courses/use-installed-courses';
import { useAsync } from '../util/use-async';
import { useLiveQuery } from '../util/use-live-query';
import { formatDateTime, formatPercent } from '../i18n/format';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import { findQuiz } from '../courses/find-in-course';
import { latestAnswers } from './latest-answers';
import { QuizReview } from './QuizReview';

/**
 * The result of one attempt; an ujian says "menunggu penilaian" until the server's grade syncs in.
 * Then the pass/fail line with the pass mark, and the review: always for a latihan, for an ujian
 * only with the keys its grade brought (the quiz's review policy decides on the server).
 */
function Result({ learner }: { learner: Profile }) {
  const { params } = useRoute();
  const attemptId = params.attemptId ?? '';
  // Live: the grade of an ujian (and its review) appears here as soon as sync writes it.
  const attempt = useLiveQuery(async () => (await db.attempts.get(attemptId)) ?? null, [attemptId]);
  const answers = useLiveQuery(async () => latestAnswers(db, attemptId), [attemptId]);
  const course = useCourse(attempt?.courseId ?? '');
  const quiz = course && attempt ? findQuiz(course.manifest, attempt.quizId) : undefined;
  const quizFile = quiz?.file;
  const doc = useAsync(async () => (quizFile ? readQuizDocument(quizFile) : null), [quizFile]);
  if (attempt === undefined) return null;
  // Another learner's attempt is not shown, even by its address.
  if (attempt === null || attempt.learnerId !== learner.id) {
    return (
      <section aria-labelledby="result-title">
        <h1 id="result-title">{t('result.missing')}</h1>
        <a href="/">{t('nav.backHome')}</a>
      </section>
    );
  }
  const pending = attempt.finishedAt !== undefined && attempt.gradeStatus === 'pending';
  const passMark = quiz ? passMarkOf(quiz.passScore, doc.value?.passScore) : null;
  const lang = course?.manifest.language ?? 'id';
  return (
    <section aria-labelledby="result-title" class="result">
      <p>
        <a href={`/kursus/${attempt.courseId}`}>{t('nav.backToCourse')}</a>
      </p>
      <h1 id="result-title">{t('result.title')}</h1>
      {quiz && (
        <p class="lead" lang={lang}>
          {quiz.title}
        </p>
      )}
      {attempt.finishedAt === undefined ? (
        <p>{t('result.unfinished')}</p>
      ) : pending ? (
        <div class="result__pending" data-testid="result-status">
          <p class="result__big">{t('result.pending')}</p>
          <p>{t('result.pendingExplain')}</p>
        </div>
      ) : attempt.overLimit ? (
        <div class="result__pending" data-testid="result-status">
          <p class="result__big">{t('result.overLimit')}</p>
          <p>{t('result.overLimitExplain')}</p>
        </div>
      ) : (
        <div data-testid="result-status">
          <p class="result__big">{t('result.score', { score: formatPercent(attempt.score ?? 0) })}</p>
          {attempt.passed !== undefined && (
            <p data-testid="pass-line">{attempt.passed ? t('result.passed') : t('result.notPassed')}</p>
          )}
        </div>
      )}
      <dl class="result__facts">
        {passMark !== null && (
          <>
            <dt>{t('result.passMark')}</dt>
            <dd data-testid="pass-mark">{passMark}</dd>
          </>
        )}
        <dt>{t('result.answered')}</dt>
        <dd>{answers?.size ?? 0}</dd>
        {attempt.finishedAt !== undefined && (
          <>
            <dt>{t('result.finishedAt')}</dt>
            <dd>{formatDateTime(attempt.finishedAt)}</dd>
          </>
        )}
      </dl>
      {quiz && doc.value && answers && attempt.finishedAt !== undefined && !attempt.overLimit && (
        <ReviewPart attempt={attempt} quiz={quiz} doc={doc.value} answers={answers} lang={lang} />
      )}
      <div class="actions">
        {attempt.mode === 'latihan' && (
          <a class="button" href={`/kursus/${attempt.courseId}/kuis/${attempt.quizId}`}>
            {t('result.again')}
          </a>
        )}
        <a class="button" href="/riwayat">
          {t('history.link')}
        </a>
      </div>
    </section>
  );
}

/** What the review shows: the questions, or for an ujian whose keys have not come, when they will. */
function ReviewPart(props: {
  attempt: AttemptRecord;
  quiz: QuizRef;
  doc: QuizDocument;
  answers: Map<string, AnswerRecord>;
  lang: string;
}) {
  const { attempt, quiz, doc, lang } = props;
  const answers = new Map([...props.answers].map(([id, a]) => [id, a.value]));
  const keys = attempt.mode === 'latihan' ? doc.keys : attempt.review?.keys;
  const explanations = attempt.mode === 'latihan' ? doc.explanations : attempt.review?.explanations;
  if (keys) {
    return <QuizReview doc={doc} keys={keys} explanations={explanations} answers={answers} lang={lang} />;
  }
  const waiting: Record<string, MessageKey> = {
    'after-grading': 'result.review.waitGrading',
    'after-final': 'result.review.waitFinal',
    'after-posttest': 'result.review.waitPosttest',
    never: 'result.review.never',
  };
  return (
    <p class="review__later" data-testid="review-later">
      {t(waiting[quizPolicyOf(quiz).review]!)}
    </p>
  );
}

export const ResultScreen = withLearner(Result);
