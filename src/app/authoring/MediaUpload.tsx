import '../i18n/staff-messages';
import { useState } from 'preact/hooks';
import type { Draft } from '../../shared/authoring/authoring-api';
import { apiErrorMessage } from '../api/api-error-message';
import { formatBytes } from '../i18n/format';
import { t } from '../i18n/t';
import { uploadLessonFile, type MediaUploadResult, type UploadProgress } from './upload-lesson-file';

/** The upload's refusals in this screen's words (the limit named); the rest as the API says them. */
function refusalText(result: Extract<MediaUploadResult, { ok: false }>): string {
  if (result.code === 'upload_interrupted') return t('author.media.interrupted');
  const key = apiErrorMessage(result.code, {
    upload_hash_mismatch: 'author.media.changed',
    upload_conflict: 'author.media.conflict',
    media_too_large: 'author.media.tooLarge',
  });
  return t(key, { limit: formatBytes(result.limit ?? 0) });
}

/**
 * Uploads an image, audio, video or PDF of any size through the resumable upload (a cut link
 * resumes by itself; the same file picked again after a reload resumes too), and lists what the
 * lessons can link.
 */
export function MediaUpload({ token, draft, onUploaded }: { token: string; draft: Draft; onUploaded: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);

  async function upload(e: Event) {
    e.preventDefault();
    if (!file || progress) return;
    setStatus(null);
    setProgress({ phase: 'hashing', percent: 0 });
    const answer = await uploadLessonFile(token, draft.id, file, { onProgress: setProgress });
    setProgress(null);
    if (!answer.ok) {
      setStatus({ ok: false, message: refusalText(answer) });
      return;
    }
    setStatus({
      ok: true,
      message: t('author.media.uploaded', {
        name: answer.data.name,
        snippet: `![${answer.data.name}](${answer.data.path})`,
      }),
    });
    onUploaded();
  }

  return (
    <form class="form monitoring__section" onSubmit={upload} aria-labelledby="media-title">
      <h2 id="media-title">{t('author.media.title')}</h2>
      {draft.media.length > 0 && (
        <ul data-testid="media-list">
          {draft.media.map((m) => (
            <li key={m.name}>
              <code>{m.path}</code> · {formatBytes(m.size)}
            </li>
          ))}
        </ul>
      )}
      <label for="media-file">{t('author.media.file')}</label>
      <input
        id="media-file"
        type="file"
        accept="image/png,image/jpeg,image/webp,image/svg+xml,audio/*,video/mp4,video/webm,application/pdf"
        onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
      />
      <button type="submit" class="button" disabled={!file || progress !== null}>
        {t('author.media.upload')}
      </button>
      {progress && (
        <p role="status" data-testid="media-progress">
          <progress max={100} value={progress.percent} aria-hidden="true" />{' '}
          {t(progress.phase === 'hashing' ? 'author.media.hashing' : 'author.media.progress', {
            percent: progress.percent,
          })}
        </p>
      )}
      {status && (
        <p role={status.ok ? 'status' : 'alert'} class={status.ok ? '' : 'form__error'}>
          {status.message}
        </p>
      )}
    </form>
  );
}
