import '../i18n/screen-messages';
import { useState } from 'preact/hooks';
import { courseFileName } from '../../shared/course/course-file-name';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import { activeProfile } from '../profiles/active-profile';
import { saveAsDownload } from './ShareCourseButton';

/** Roles the server gives course files to (`downloadCourseFile`): staff who hand courses on at the office. */
const STAFF = new Set(['operator', 'author', 'admin']);

type State =
  { kind: 'idle' } | { kind: 'busy' } | { kind: 'saved'; name: string } | { kind: 'error'; message: MessageKey };

/**
 * "Unduh file kursus" in the catalog, for operators, authors and admins: the latest version as one
 * course file from the server, saved to hand on to phones without a signal (by SD card, Bluetooth,
 * WhatsApp). Shows nothing for other roles.
 */
export function ShareCourseFromServer({
  courseId,
  version,
  token,
}: {
  courseId: string;
  version: string;
  token: string;
}) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  if (!STAFF.has(activeProfile.value?.role ?? '')) return null;

  const download = async () => {
    setState({ kind: 'busy' });
    let blob: Blob;
    try {
      const res = await fetch(
        `/api/courses/${encodeURIComponent(courseId)}/versions/${encodeURIComponent(version)}/file`,
        {
          headers: { Authorization: `Bearer ${token}` },
        },
      );
      if (!res.ok) return setState({ kind: 'error', message: 'courseFile.serverFailed' });
      blob = await res.blob();
    } catch {
      return setState({ kind: 'error', message: 'courseFile.serverOffline' });
    }
    const name = courseFileName({ id: courseId, version });
    saveAsDownload(new File([blob], name, { type: blob.type }));
    setState({ kind: 'saved', name });
  };

  return (
    <div class="course-share" data-testid="course-file-download">
      <button type="button" class="button" disabled={state.kind === 'busy'} onClick={() => void download()}>
        {t('courseFile.serverDownload')}
      </button>
      {state.kind === 'busy' && <p role="status">{t('courseFile.serverDownloading')}</p>}
      {state.kind === 'saved' && <p role="status">{t('courseFile.serverSaved', { name: state.name })}</p>}
      {state.kind === 'error' && (
        <p role="alert" class="catalog-item-error">
          {t(state.message)}
        </p>
      )}
    </div>
  );
}
