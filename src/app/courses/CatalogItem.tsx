import '../i18n/screen-messages';
import { useSignal } from '@preact/signals';
import type { InstalledCourse } from '../../db/course-records';
import type { CatalogCourse } from '../../shared/course/catalog';
import { downloadCourse, downloadErrors, downloads, pauseDownload, resumeDownload } from './course-download-client';
import { downloadErrorMessage } from './download-error-message';
import { formatBytes } from '../i18n/format';
import { t } from '../i18n/t';
import { DownloadProgress } from './DownloadProgress';
import { onCellular } from './on-cellular';
import { ShareCourseFromServer } from './ShareCourseFromServer';

interface Props {
  course: CatalogCourse;
  installed: InstalledCourse | undefined;
  token: string;
}

/** One catalogue entry: size, installed version, and the download / update / pause controls. */
export function CatalogItem({ course, installed, token }: Props) {
  const state = downloads.value[course.id];
  const active = state && state.status !== 'done' ? state : undefined;
  const error = downloadErrors.value[course.id] ?? (active?.status === 'failed' ? active.error : undefined);
  const upToDate = installed?.activeVersion === course.latestVersion;
  // Videos of an installed text-only course: what "Unduh video" would fetch.
  const absent = new Set(installed?.absent ?? []);
  const videoBytes = (installed?.manifest.files ?? [])
    .filter((f) => absent.has(f.hash))
    .reduce((sum, f) => sum + f.size, 0);
  const idle = !active || active.status === 'failed';
  // "Tanpa video": the first download leaves the videos off (2G, little space); an update keeps the choice.
  const withoutVideo = useSignal(false);
  return (
    <li class="catalog-item" data-course={course.id}>
      <h2 class="catalog-item-title">{course.title}</h2>
      {course.description && <p class="catalog-item-description">{course.description}</p>}
      <p class="catalog-item-meta">
        {/* Both sizes before anything is downloaded, from the catalogue (summed from the signed manifest). */}
        {course.videoBytes
          ? t('catalog.sizes', {
              size: formatBytes(course.sizeBytes),
              withoutVideo: formatBytes(course.sizeBytes - course.videoBytes),
            })
          : t('catalog.size', { size: formatBytes(course.sizeBytes) })}
        {installed && <> · {t('catalog.installed', { version: installed.activeVersion })}</>}
        {videoBytes > 0 && <> · {t('catalog.withoutVideo')}</>}
      </p>
      {course.withdrawn && <p class="catalog-item-notice">{t('catalog.withdrawn')}</p>}
      {videoBytes > 0 && onCellular() && <p class="catalog-item-notice">{t('video.cellularHint')}</p>}
      {active && <DownloadProgress state={active} title={course.title} />}
      {active?.status === 'running' && active.error === 'offline' && (
        <p class="catalog-item-notice">{t('catalog.waitingSignal')}</p>
      )}
      {active?.status === 'paused' && <p class="catalog-item-notice">{t('catalog.paused')}</p>}
      {error && (
        <p class="catalog-item-error" role="alert">
          {downloadErrorMessage(error, active?.errorFile)}
        </p>
      )}
      {state?.status === 'done' && !active && upToDate && <p class="catalog-item-done">{t('catalog.done')}</p>}
      <div class="catalog-item-actions">
        {active?.status === 'running' && (
          <button type="button" class="button" onClick={() => void pauseDownload(course.id)}>
            {t('catalog.pause')}
          </button>
        )}
        {active?.status === 'paused' && (
          <button type="button" class="button button-primary" onClick={() => void resumeDownload(active, token)}>
            {t('catalog.resume')}
          </button>
        )}
        {!course.withdrawn && !upToDate && idle && (
          <button
            type="button"
            class="button button-primary"
            onClick={() => void downloadCourse(course.id, token, installed ? undefined : withoutVideo.value)}
          >
            {error
              ? t('catalog.retry')
              : installed
                ? t('catalog.update', { version: course.latestVersion })
                : t('catalog.download')}
          </button>
        )}
        {!course.withdrawn && !installed && idle && (
          <label class="catalog-item-option">
            <input
              type="checkbox"
              checked={withoutVideo.value}
              onChange={(e) => (withoutVideo.value = e.currentTarget.checked)}
            />{' '}
            {t('catalog.withoutVideoOption')}
          </label>
        )}
        {!course.withdrawn && upToDate && videoBytes > 0 && idle && (
          <button type="button" class="button" onClick={() => void downloadCourse(course.id, token, false)}>
            {t('catalog.downloadVideos', { size: formatBytes(videoBytes) })}
          </button>
        )}
        {installed && (
          <a class="button" href={`/kursus/${course.id}`}>
            {t('catalog.open')}
          </a>
        )}
      </div>
      {!course.withdrawn && <ShareCourseFromServer courseId={course.id} version={course.latestVersion} token={token} />}
    </li>
  );
}
