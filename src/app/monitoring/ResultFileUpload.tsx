import '../i18n/screen-messages';
import '../i18n/staff-messages';
import { useState } from 'preact/hooks';
import * as v from 'valibot';
import {
  UploadResultBundlesResponseSchema,
  type ResultFileOutcome,
  type UploadResultBundlesResponse,
} from '../../shared/sync/bundle-protocol';
import { RESULT_FILE_EXTENSION } from '../../shared/sync/bundle';
import { apiErrorMessage } from '../api/api-error-message';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';

/** What to tell the operator about a refused file, by its code; anything else falls back to the common message. */
const REFUSED: Partial<Record<string, MessageKey>> = {
  malformed_bundle: 'bundle.error.malformed',
  bad_bundle_signature: 'bundle.error.bad_signature',
  unknown_device: 'bundle.error.unknown_device',
  device_revoked: 'bundle.error.device_revoked',
  outside_region: 'bundle.error.outside_region',
  body_too_large: 'bundle.error.too_large',
};

/**
 * Result files carried from phones without signal: the operator picks many at once, they go up in
 * one request (`POST /api/bundles`), and each file gets its line in Bahasa Indonesia.
 */
export function ResultFileUpload({ token }: { token: string }) {
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const [outcomes, setOutcomes] = useState<ResultFileOutcome[] | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (files.length === 0) return setError('upload.none');
    setBusy(true);
    setError(null);
    setOutcomes(null);
    const form = new FormData();
    for (const file of files) form.append('file', file, file.name);
    try {
      // Not apiFetch: it would label the multipart body as JSON.
      const res = await fetch('/api/bundles', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        body: form,
      });
      const body = (await res.json().catch(() => null)) as unknown;
      if (res.ok && v.is(UploadResultBundlesResponseSchema, body)) {
        setOutcomes((body as UploadResultBundlesResponse).files);
      } else {
        const code = (body as { error?: { code?: string } } | null)?.error?.code ?? 'unknown';
        setError(code === 'body_too_large' ? 'bundle.error.too_large' : apiErrorMessage(code));
      }
    } catch {
      setError('error.offline');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="result-upload" aria-labelledby="result-upload-title" data-testid="result-upload">
      <h2 id="result-upload-title">{t('upload.title')}</h2>
      <p>{t('upload.intro')}</p>
      <form class="form" onSubmit={submit}>
        <label for="result-files">{t('upload.choose')}</label>
        <input
          id="result-files"
          type="file"
          multiple
          accept={`${RESULT_FILE_EXTENSION},application/octet-stream,application/gzip`}
          onChange={(e) => setFiles([...(e.currentTarget.files ?? [])])}
        />
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? t('upload.busy') : t('upload.submit')}
        </button>
      </form>
      {error && (
        <p class="form__error" role="alert">
          {t(error)}
        </p>
      )}
      {outcomes && (
        <ul class="result-upload__list" data-testid="result-upload-results">
          {outcomes.map((o, i) => (
            <li key={i} data-status={o.status}>
              {o.status === 'stored'
                ? t('upload.fileOk', {
                    name: o.name,
                    accepted: o.counts?.accepted ?? 0,
                    duplicate: o.counts?.duplicate ?? 0,
                    rejected: (o.counts?.rejected ?? 0) + (o.counts?.conflict ?? 0),
                  })
                : t('upload.fileRefused', {
                    name: o.name,
                    reason: t(REFUSED[o.code ?? ''] ?? apiErrorMessage(o.code ?? 'unknown')),
                  })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
