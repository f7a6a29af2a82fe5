import { useRoute } from 'preact-iso';
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Profile } from '../../db/profile';
import { QuizLink } from './QuizLink';
import { withLearner } from '../profiles/LearnerGate';
import { useCourse } from './use-installed-courses';
import { useCourseProgress } from './use-course-progress';
import { t } from '../i18n/t';
import { NotInstalled } from './NotInstalled';
import { ShareCourseButton } from './ShareCourseButton';
import { MissingFilesNotice } from './MissingFilesNotice';
import type { CourseOnPhone } from './read-installed-course';
import type { ModuleVideosProps } from './ModuleVideos';

/** A course's modules, lessons and quizzes, with what this learner has done. */
function CourseOutline({ learner }: { learner: Profile }) {
  const { params } = useRoute();
  const courseId = params.courseId ?? '';
  const course = useCourse(courseId);
  if (course === null) return <NotInstalled />;
  if (!course) return null;
  return <Outline onPhone={course} learner={learner} />;
}

/**
 * "Add this module's videos" with its texts and the download client: loaded only for a course
 * taken "tanpa video" (the outline itself is in the first load).
 */
function useModuleVideos(needed: boolean): FunctionComponent<ModuleVideosProps> | null {
  const [loaded, setLoaded] = useState<FunctionComponent<ModuleVideosProps> | null>(null);
  useEffect(() => {
    if (needed && !loaded) void import('./ModuleVideos').then((m) => setLoaded(() => m.ModuleVideos));
  }, [needed, loaded]);
  return needed ? loaded : null;
}

function Outline({ onPhone, learner }: { onPhone: CourseOnPhone; learner: Profile }) {
  const course = onPhone.manifest;
  const learnerId = learner.id;
  const ModuleVideos = useModuleVideos(onPhone.absent.length > 0);
  const state = useCourseProgress(learnerId, course);
  const attempts = state?.attempts ?? [];
  const progress = state?.progress;
  return (
    <section aria-labelledby="outline-title">
      <p>
        <a href="/">{t('nav.backHome')}</a>
      </p>
      <h1 id="outline-title" lang={course.language}>
        {course.title}
      </h1>
      {course.description && (
        <p class="lead" lang={course.language}>
          {course.description}
        </p>
      )}
      {progress && (
        <p class="outline__progress" data-testid="course-progress">
          {progress.complete
            ? t('progress.complete')
            : t('progress.summary', {
                read: progress.lessonsRead,
                total: progress.lessonsTotal,
                percent: progress.percent,
              })}
        </p>
      )}
      <MissingFilesNotice course={onPhone} />
      <ShareCourseButton courseId={course.id} title={course.title} />
      {course.pretest && (
        <QuizLink courseId={course.id} quiz={course.pretest} attempts={attempts} lang={course.language} />
      )}
      {course.modules.map((module) => (
        <section key={module.id} class="module" aria-labelledby={`module-${module.id}`}>
          <h2 id={`module-${module.id}`} lang={course.language}>
            {module.title}
          </h2>
          {progress?.modules[module.id]?.complete && <p class="done">{t('progress.moduleComplete')}</p>}
          <ul class="outline-list">
            {module.lessons.map((lesson) => {
              const read = progress?.lessonsDone.has(lesson.id) ?? false;
              return (
                <li key={lesson.id}>
                  <a class="outline-list__item" href={`/kursus/${course.id}/materi/${lesson.id}`}>
                    <span lang={course.language}>{lesson.title}</span>
                    <span class={read ? 'badge badge--done' : 'badge'}>
                      {read ? t('lesson.read') : t('lesson.unread')}
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
          {ModuleVideos && <ModuleVideos course={onPhone} module={module} token={learner.token} />}
          {module.quizzes.map((quiz) => (
            <QuizLink key={quiz.id} courseId={course.id} quiz={quiz} attempts={attempts} lang={course.language} />
          ))}
        </section>
      ))}
      {course.posttest && (
        <QuizLink courseId={course.id} quiz={course.posttest} attempts={attempts} lang={course.language} />
      )}
    </section>
  );
}

export const CourseOutlineScreen = withLearner(CourseOutline);
