import '../i18n/screen-messages';
import { db } from '../../db/database';
import type { Profile } from '../../db/profile';
import { withLearner } from '../profiles/LearnerGate';
import type { AttemptRecord } from '../../db/learning-records';
import { useInstalledCourses, type CourseOnPhone } from '../courses/use-installed-courses';
import { useLiveQuery } from '../util/use-live-query';
import { formatDateTime, formatPercent } from '../i18n/format';
import { t } from '../i18n/t';
import { findQuiz } from '../courses/find-in-course';

/**
 * Every attempt of this learner on this phone, newest first, under a pre-test → post-test line per
 * course: the first scored pre-test (the one that measures what was known before) and the best
 * scored post-test, as the reports count them.
 */
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
      <PrePost attempts={attempts} courses={courses ?? []} />
      <ul class="history">
        {attempts.map((attempt) => {
          const course = courses?.find((c) => c.id === attempt.courseId);
          const quiz = course && findQuiz(course.manifest, attempt.quizId);
          const status =
            attempt.finishedAt === undefined
              ? t('history.open')
              : attempt.gradeStatus === 'pending'
                ? t('result.pending')
                : attempt.overLimit
                  ? t('result.overLimit')
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

/** One line per course with a pre-test or post-test taken: "Pre-test 40% → Post-test 85%". */
function PrePost({ attempts, courses }: { attempts: AttemptRecord[]; courses: CourseOnPhone[] }) {
  const lines = courses.flatMap((course) => {
    const { pretest, posttest } = course.manifest;
    const scored = (quizId: string | undefined) =>
      attempts.filter((a) => a.courseId === course.id && a.quizId === quizId && a.score !== undefined && !a.overLimit);
    const pre = scored(pretest?.id).sort((a, b) => a.startedAt - b.startedAt)[0]?.score;
    const posts = scored(posttest?.id).map((a) => a.score!);
    const post = posts.length > 0 ? Math.max(...posts) : undefined;
    if (pre === undefined && post === undefined) return [];
    return [{ course, pre, post }];
  });
  if (lines.length === 0) return null;
  const show = (score: number | undefined) =>
    score === undefined ? t('history.prePost.notYet') : formatPercent(score);
  return (
    <section aria-labelledby="prepost-title" class="history__prepost">
      <h2 id="prepost-title">{t('history.prePost.title')}</h2>
      <ul>
        {lines.map(({ course, pre, post }) => (
          <li key={course.id} data-testid="pre-post">
            <span lang={course.manifest.language}>{course.manifest.title}</span>: {show(pre)} → {show(post)}
          </li>
        ))}
      </ul>
    </section>
  );
}

export const HistoryScreen = withLearner(History);
