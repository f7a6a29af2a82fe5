import { db } from '../../db/database';
import type { Profile } from '../../db/profile';
import { withLearner } from '../profiles/LearnerGate';
import { useInstalledCourses } from '../courses/use-installed-courses';
import { useLiveQuery } from '../util/use-live-query';
import { formatDateTime, formatPercent } from '../i18n/format';
import { t } from '../i18n/t';
import { findQuiz } from '../courses/find-in-course';

/** Every attempt of this learner on this phone, newest first. */
function History({ learner }: { learner: Profile }) {
  const attempts = useLiveQuery(
    () => db.attempts.where('learnerId').equals(learner.id).reverse().sortBy('startedAt'),
    [learner.id],
  );
  const courses = useInstalledCourses();
  if (!attempts) return null;
  return (
    <section aria-labelledby="history-title">
      <p>
        <a href="/">{t('nav.backHome')}</a>
      </p>
      <h1 id="history-title">{t('history.title')}</h1>
      {attempts.length === 0 && <p class="empty">{t('history.empty')}</p>}
      <ul class="history">
        {attempts.map((attempt) => {
          const course = courses?.find((c) => c.id === attempt.courseId);
          const quiz = course && findQuiz(course.manifest, attempt.quizId);
          const status =
            attempt.finishedAt === undefined
              ? t('history.open')
              : attempt.gradeStatus === 'pending'
                ? t('result.pending')
                : t('result.score', { score: formatPercent(attempt.score ?? 0) });
          return (
            <li key={attempt.id}>
              <a
                class="card history__item"
                href={
                  attempt.finishedAt === undefined
                    ? `/kursus/${attempt.courseId}/kuis/${attempt.quizId}`
                    : `/hasil/${attempt.id}`
                }
              >
                <span class="history__title" lang={course?.manifest.language}>
                  {quiz?.title ?? attempt.quizId}
                </span>
                <span class="history__meta">
                  {formatDateTime(attempt.startedAt)} · {status}
                </span>
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export const HistoryScreen = withLearner(History);
