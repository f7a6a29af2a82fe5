// Lazy chunk: brings marked's lexer and the token renderer only when a lesson is opened.
import '../i18n/screen-messages';
import { useRoute } from 'preact-iso';
import { useRef } from 'preact/hooks';
import type { Profile } from '../../db/profile';
import { courseFileUrl, courseLinkUrl, readCourseText } from '../courses/read-course-file';
import { downloadCourse } from '../courses/course-download-client';
import { onCellular } from '../courses/on-cellular';
import { openPdf } from './open-pdf';
import { lessonPlaceKey, useLessonPlace } from './use-lesson-place';
import { MarkdownView } from '../components/MarkdownView';
import type { ResolvedFile } from '../components/render-markdown';
import { formatBytes } from '../i18n/format';
import { stripLeadingTitle } from './strip-leading-title';
import { NotInstalled } from '../courses/NotInstalled';
import { MissingFilesNotice } from '../courses/MissingFilesNotice';
import { withLearner } from '../profiles/LearnerGate';
import { useAsync } from '../util/use-async';
import { useCourse, type CourseOnPhone } from '../courses/use-installed-courses';
import { useLiveQuery } from '../util/use-live-query';
import { db } from '../../db/database';
import { t } from '../i18n/t';
import { findLesson } from '../courses/find-in-course';
import { recordLessonProgress } from './record-lesson-progress';
import { deviceId } from '../sync/device-id';

/** One lesson: sanitised Markdown with the course's images, PDFs, audio and video, read offline. */
function Lesson({ learner }: { learner: Profile }) {
  const { params } = useRoute();
  const course = useCourse(params.courseId ?? '');
  if (course === null) return <NotInstalled />;
  if (!course) return null;
  return <LessonBody course={course} lessonId={params.lessonId ?? ''} learner={learner} />;
}

function LessonBody({ course, lessonId, learner }: { course: CourseOnPhone; lessonId: string; learner: Profile }) {
  const { manifest } = course;
  const place = findLesson(manifest, lessonId);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `place` is found anew each render; its file says when to read again
  const text = useAsync(() => (place ? readCourseText(place.lesson.file) : Promise.resolve('')), [place?.lesson.file]);
  const progress = useLiveQuery(
    () => db.progress.get([learner.id, manifest.id, lessonId]),
    [learner.id, manifest.id, lessonId],
  );
  const body = useRef<HTMLDivElement>(null);
  const absent = new Set(course.absent ?? []);
  useLessonPlace(body, lessonPlaceKey(learner.id, manifest.id, lessonId), text.value && `${absent.size}`);
  if (!place) return <NotInstalled />;
  const outline = `/kursus/${manifest.id}`;
  const resolveFile = (href: string) => {
    const url = courseLinkUrl(manifest, place.lesson.file, href);
    const file = url ? manifest.files.find((f) => courseFileUrl(f.hash) === url) : undefined;
    if (!url || !file) return undefined;
    return {
      url,
      type: file.type,
      name: file.path.split('/').pop(),
      absent: absent.has(file.hash),
      size: file.size,
    };
  };
  const absentVideo = {
    text: t('lesson.videoAbsent') + (onCellular() ? ` ${t('video.cellularHint')}` : ''),
    button: (file: ResolvedFile) => t('lesson.videoDownload', { size: formatBytes(file.size ?? 0) }),
  };
  const onClick = (event: MouseEvent) => {
    const button = (event.target as Element | null)?.closest?.('button[data-download-video]');
    if (button instanceof HTMLButtonElement) {
      const video = manifest.files.find((f) => courseFileUrl(f.hash) === button.dataset.downloadVideo);
      button.disabled = true;
      button.textContent = t('lesson.videoDownloading');
      // This lesson's video only; the others stay off until asked for (the card offers them all).
      if (video) void downloadCourse(manifest.id, learner.token, true, [video.hash]);
      return;
    }
    openPdf(event, manifest);
  };
  const markRead = () =>
    recordLessonProgress(db, deviceId(), {
      learnerId: learner.id,
      courseId: manifest.id,
      lessonId,
      completed: true,
      position: 1,
    });
  return (
    <article aria-labelledby="lesson-title" class="lesson">
      <p>
        <a href={outline}>{t('nav.backToCourse')}</a>
      </p>
      <p class="lesson__module" lang={manifest.language}>
        {place.module.title}
      </p>
      <h1 id="lesson-title" lang={manifest.language}>
        {place.lesson.title}
      </h1>
      <MissingFilesNotice course={course} />
      {text.error !== undefined && (
        <p class="form__error" role="alert">
          {t('lesson.error')}
        </p>
      )}
      {/* Clicks inside: a PDF goes to the phone's PDF app (open-pdf.ts); a missing video's button downloads. */}
      <div ref={body} onClick={onClick}>
        {text.value !== undefined && (
          <MarkdownView
            // Rendered anew when videos arrive, so the placeholder becomes the player.
            key={absent.size}
            markdown={stripLeadingTitle(text.value)}
            lang={manifest.language}
            resolveFile={resolveFile}
            pdfLabel={t('lesson.pdf')}
            captionsLabel={t('lesson.captions')}
            absentVideo={absentVideo}
          />
        )}
      </div>
      <div class="actions lesson__actions">
        {progress?.completed ? (
          <p class="done" role="status">
            {t('lesson.read')}
          </p>
        ) : (
          <button type="button" class="button button--primary" onClick={() => void markRead()}>
            {t('lesson.markRead')}
          </button>
        )}
        {place.next ? (
          <a class="button" href={`/kursus/${manifest.id}/materi/${place.next.id}`}>
            {t('lesson.next')}
          </a>
        ) : (
          <a class="button" href={outline}>
            {t('nav.backToCourse')}
          </a>
        )}
      </div>
    </article>
  );
}

export const LessonScreen = withLearner(Lesson);
