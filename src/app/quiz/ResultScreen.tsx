import { useRoute } from 'preact-iso';
import { db } from '../../db/database';
import type { Profile } from '../../db/profile';
import { withLearner } from '../profiles/LearnerGate';
import { useCourse } from '../courses/use-installed-courses';
import { useLiveQuery } from '../util/use-live-query';
import { formatDateTime, formatPercent } from '../i18n/format';
import { t } from '../i18n/t';
import { findQuiz } from '../courses/find-in-course';

/** The result of one attempt; an ujian says "menunggu penilaian" until the server's grade syncs in. */
function Result({ learner }: { learner: Profile }) {
  const { params } = useRoute();
  const attemptId = params.attemptId ?? '';
  // Live: the grade of an ujian appears here as soon as sync writes it.
  const attempt = useLiveQuery(async () => (await db.attempts.get(attemptId)) ?? null, [attemptId]);
  const answered = useLiveQuery(
    async () =>
      new Set((await db.answers.where('attemptId').equals(attemptId).toArray()).map((a) => a.questionId)).size,
    [attemptId],
  );
  const course = useCourse(attempt?.courseId ?? '');
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
  const quiz = course ? findQuiz(course.manifest, attempt.quizId) : undefined;
  const pending = attempt.finishedAt !== undefined && attempt.gradeStatus === 'pending';
  return (
    <section aria-labelledby="result-title" class="result">
      <p>
        <a href={`/kursus/${attempt.courseId}`}>{t('nav.backToCourse')}</a>
      </p>
      <h1 id="result-title">{t('result.title')}</h1>
      {quiz && course && (
        <p class="lead" lang={course.manifest.language}>
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
      ) : (
        <div data-testid="result-status">
          <p class="result__big">{t('result.score', { score: formatPercent(attempt.score ?? 0) })}</p>
          {attempt.passed !== undefined && <p>{attempt.passed ? t('result.passed') : t('result.notPassed')}</p>}
        </div>
      )}
      <dl class="result__facts">
        <dt>{t('result.answered')}</dt>
        <dd>{answered ?? 0}</dd>
        {attempt.finishedAt !== undefined && (
          <>
            <dt>{t('result.finishedAt')}</dt>
            <dd>{formatDateTime(attempt.finishedAt)}</dd>
          </>
        )}
      </dl>
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

export const ResultScreen = withLearner(Result);
