import { useState } from 'preact/hooks';
import type { CourseShareProblem } from '../../workers/course-download/write-course-file';
import { formatBytes } from '../i18n/format';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import { activeProfile } from '../profiles/active-profile';
import { shareCourseFile } from './course-download-client';

const SHARE_ERRORS: Record<CourseShareProblem, MessageKey> = {
  not_installed: 'courseFile.shareError.not_installed',
  envelope_missing: 'courseFile.shareError.envelope_missing',
  files_missing: 'courseFile.shareError.files_missing',
};

type State =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'shared' }
  | { kind: 'saved'; name: string; size: number }
  | { kind: 'error'; message: MessageKey };

/**
 * "Bagikan kursus": writes the installed course as one course file from this phone's own copy and
 * offers it through the share sheet (WhatsApp, Bluetooth, Files); where the browser cannot share
 * files (or not this type), the file is saved as a download instead.
 */
export function ShareCourseButton({ courseId, title }: { courseId: string; title: string }) {
  const [state, setState] = useState<State>({ kind: 'idle' });

  const share = async () => {
    setState({ kind: 'busy' });
    let file: File;
    try {
      const result = await shareCourseFile(courseId, activeProfile.value?.token ?? null);
      if ('problem' in result) return setState({ kind: 'error', message: SHARE_ERRORS[result.problem] });
      file = result;
    } catch {
      return setState({ kind: 'error', message: 'courseFile.shareError.failed' });
    }
    const data: ShareData = { files: [file], title: t('courseFile.shareTitle', { title }) };
    if (navigator.canShare?.(data)) {
      try {
        await navigator.share(data);
        return setState({ kind: 'shared' });
      } catch (err) {
        // The person closed the share sheet: nothing to say. Any other refusal: save the file instead.
        if ((err as { name?: string } | null)?.name === 'AbortError') return setState({ kind: 'idle' });
      }
    }
    saveAsDownload(file);
    setState({ kind: 'saved', name: file.name, size: file.size });
  };

  return (
    <div class="course-share" data-testid="course-share">
      <button type="button" class="button" disabled={state.kind === 'busy'} onClick={() => void share()}>
        {t('courseFile.share')}
      </button>
      <p class="catalog-item-meta">{t('courseFile.shareHint')}</p>
      {state.kind === 'busy' && <p role="status">{t('courseFile.sharing')}</p>}
      {state.kind === 'shared' && <p role="status">{t('courseFile.sharedOk')}</p>}
      {state.kind === 'saved' && (
        <p role="status">{t('courseFile.saved', { name: state.name, size: formatBytes(state.size) })}</p>
      )}
      {state.kind === 'error' && (
        <p role="alert" class="catalog-item-error">
          {t(state.message)}
        </p>
      )}
    </div>
  );
}

/** Saves a file through the browser's download (the fallback where files cannot be shared). */
export function saveAsDownload(file: File): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started reading the file by now; the URL is no longer needed once it has.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
