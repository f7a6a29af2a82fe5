import type { CourseOnPhone } from './use-installed-courses';
import { useCourseProgress } from './use-course-progress';
import { t } from '../i18n/t';
import { MissingFilesNotice } from './MissingFilesNotice';

/**
 * A course on the home screen with how far this learner is, and — checked as the app starts — a
 * notice when the browser evicted some of its files (beside the link: a button cannot sit in it).
 */
export function CourseCard({ course, learnerId }: { course: CourseOnPhone; learnerId: string }) {
  const state = useCourseProgress(learnerId, course.manifest);
  const { manifest } = course;
  const percent = state?.progress.percent ?? 0;
  return (
    <>
      <a class="card course-card" href={`/kursus/${course.id}`}>
        <span class="course-card__title" lang={manifest.language}>
          {manifest.title}
        </span>
        <progress class="progress" max={100} value={percent} aria-label={t('progress.percent', { percent })} />
        <span class="course-card__meta">
          {state?.progress.complete
            ? t('progress.complete')
            : t('progress.lessons', {
                read: state?.progress.lessonsRead ?? 0,
                total: state?.progress.lessonsTotal ?? 0,
              })}
        </span>
      </a>
      <MissingFilesNotice course={course} />
    </>
  );
}
