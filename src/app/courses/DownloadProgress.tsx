import '../i18n/screen-messages';
import type { DownloadProgress as Progress } from '../../db/course-records';
import { formatBytes } from '../i18n/format';
import { t } from '../i18n/t';

/** Progress bar of one download, in bytes and percent. */
export function DownloadProgress({ state, title }: { state: Progress; title: string }) {
  const percent = state.bytesTotal === 0 ? 100 : Math.floor((state.bytesDone / state.bytesTotal) * 100);
  return (
    <div class="download-progress">
      <progress
        max={Math.max(1, state.bytesTotal)}
        value={state.bytesDone}
        aria-label={t('catalog.progressLabel', { title })}
      />
      <span class="download-progress-text" data-testid="download-progress">
        {t('catalog.progress', {
          done: formatBytes(state.bytesDone),
          total: formatBytes(state.bytesTotal),
          percent,
        })}
      </span>
    </div>
  );
}
