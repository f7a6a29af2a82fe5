import '../i18n/staff-messages';
import { useState } from 'preact/hooks';
import type { Draft } from '../../shared/authoring/authoring-api';
import { apiErrorMessage } from '../api/api-error-message';
import { formatBytes } from '../i18n/format';
import { t } from '../i18n/t';
import { uploadMedia } from './authoring-api';

/** Uploads an image, audio, video or PDF, and lists what the lessons can link. */
export function MediaUpload({ token, draft, onUploaded }: { token: string; draft: Draft; onUploaded: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);

  async function upload(e: Event) {
    e.preventDefault();
    if (!file) return;
    const answer = await uploadMedia(token, draft.id, file);
    if (!answer.ok) {
      setStatus({ ok: false, message: t(apiErrorMessage(answer.code)) });
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
      <button type="submit" class="button" disabled={!file}>
        {t('author.media.upload')}
      </button>
      {status && (
        <p role={status.ok ? 'status' : 'alert'} class={status.ok ? '' : 'form__error'}>
          {status.message}
        </p>
      )}
    </form>
  );
}
