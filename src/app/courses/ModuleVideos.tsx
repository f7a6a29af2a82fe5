import '../i18n/screen-messages';
import { useState } from 'preact/hooks';
import type { CourseModule } from '../../shared/course/manifest';
import type { CourseOnPhone } from './use-installed-courses';
import { downloadCourse, downloadErrors, downloads } from './course-download-client';
import { downloadErrorMessage } from './download-error-message';
import { DownloadProgress } from './DownloadProgress';
import { moduleVideos } from './module-videos';
import { readCourseText } from './read-course-file';
import { onCellular } from './on-cellular';
import { useAsync } from '../util/use-async';
import { formatBytes } from '../i18n/format';
import { t } from '../i18n/t';

export interface ModuleVideosProps {
  course: Pick<CourseOnPhone, 'id' | 'manifest' | 'absent'>;
  module: CourseModule;
  token: string;
}

/** Room a download needs beside its bytes, as the download worker counts it (run-download.ts `checkFreeSpace`). */
const needed = (bytes: number) => bytes * 1.1 + 1_000_000;

/**
 * On the outline of a course taken "tanpa video": one button that adds the videos of one module,
 * its size first, the phone's free space checked against it before anything is fetched, then the
 * download's progress and, if it stops (disk full halfway), why — the stored part is kept and the
 * same button continues from there.
 */
export function ModuleVideos({ course, module, token }: ModuleVideosProps) {
  const { manifest } = course;
  const absent = new Set(course.absent);
  const videos = useAsync(
    async () => (await moduleVideos(manifest, module, readCourseText)).filter((f) => absent.has(f.hash)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `absent` is rebuilt each render; its size says what changed
    [manifest, module.id, absent.size],
  );
  const [noSpace, setNoSpace] = useState<{ free: number; size: number } | null>(null);
  const [started, setStarted] = useState(false);
  const chosen = videos.value ?? [];
  if (chosen.length === 0) return null;
  const size = chosen.reduce((sum, f) => sum + f.size, 0);
  const state = downloads.value[course.id];
  const active = state && state.status !== 'done' && state.status !== 'failed' ? state : undefined;
  const error = started
    ? (downloadErrors.value[course.id] ?? (state?.status === 'failed' ? state.error : undefined))
    : undefined;
  const start = async () => {
    const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
    if (
      estimate?.quota !== undefined &&
      estimate.usage !== undefined &&
      estimate.quota - estimate.usage < needed(size)
    ) {
      setNoSpace({ free: estimate.quota - estimate.usage, size });
      return;
    }
    setNoSpace(null);
    setStarted(true);
    await downloadCourse(
      course.id,
      token,
      true,
      chosen.map((f) => f.hash),
    );
  };
  return (
    <div class="module-videos" data-module={module.id}>
      {onCellular() && <p class="notice">{t('video.cellularHint')}</p>}
      {started && active && <DownloadProgress state={active} title={module.title} />}
      {noSpace && (
        <p class="form__error" role="alert">
          {t('moduleVideos.noSpace', { free: formatBytes(noSpace.free), size: formatBytes(noSpace.size) })}
        </p>
      )}
      {error && (
        <p class="form__error" role="alert">
          {downloadErrorMessage(error, state?.errorFile)}
        </p>
      )}
      <button type="button" class="button" disabled={active !== undefined} onClick={() => void start()}>
        {active && started ? t('moduleVideos.downloading') : t('moduleVideos.button', { size: formatBytes(size) })}
      </button>
    </div>
  );
}
