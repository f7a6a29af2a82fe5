import '../i18n/screen-messages';
import { useState } from 'preact/hooks';
import type { CourseOnPhone } from './use-installed-courses';
import { downloadCourse, downloadErrors, downloads } from './course-download-client';
import { downloadErrorMessage } from './download-error-message';
import { DownloadProgress } from './DownloadProgress';
import { checkCourseFiles } from './missing-course-files';
import { activeProfile } from '../profiles/active-profile';
import { formatBytes } from '../i18n/format';
import { t } from '../i18n/t';

export interface CourseRepairProps {
  course: Pick<CourseOnPhone, 'id' | 'manifest' | 'absent'>;
  /** Hashes of the files the phone lost (`findMissingFiles`). */
  missing: string[];
}

/**
 * The notice for a course whose stored files the browser evicted: which course, how much to fetch,
 * and one button that downloads exactly the lost files again (a text-only course stays text-only).
 */
export function CourseRepair({ course, missing }: CourseRepairProps) {
  const [busy, setBusy] = useState(false);
  const { manifest } = course;
  const lost = new Set(missing);
  const bytes = manifest.files.filter((f) => lost.has(f.hash)).reduce((sum, f) => sum + f.size, 0);
  const state = downloads.value[course.id];
  const error = downloadErrors.value[course.id] ?? (state?.status === 'failed' ? state.error : undefined);
  const token = activeProfile.value?.token;
  const repair = async () => {
    if (!token) return;
    setBusy(true);
    try {
      // The phone's choice stays: a course taken "tanpa video" gets back only the files it had.
      await downloadCourse(course.id, token, course.absent.length > 0, missing);
    } finally {
      await checkCourseFiles(course.id);
      setBusy(false);
    }
  };
  return (
    <div class="notice notice--warning course-repair" role="alert" data-testid="course-repair">
      <p>{t('repair.message', { title: manifest.title })}</p>
      {busy && state && state.status !== 'done' && <DownloadProgress state={state} title={manifest.title} />}
      {!busy && error && <p class="form__error">{downloadErrorMessage(error, state?.errorFile)}</p>}
      {token ? (
        <button type="button" class="button button--primary" disabled={busy} onClick={() => void repair()}>
          {busy ? t('repair.downloading') : t('repair.button', { size: formatBytes(bytes) })}
        </button>
      ) : (
        <p>{t('repair.signIn')}</p>
      )}
    </div>
  );
}
