import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { ApiError } from '../../shared/api-error';

/** Where an upload's bytes come from: read a piece at a time, so a file of any size is never whole in memory. */
export interface UploadSource {
  read(offset: number, length: number): Promise<Uint8Array<ArrayBuffer>>;
}

/** A file already in memory (a package built in the same process). */
export const bytesSource = (bytes: Uint8Array<ArrayBuffer>): UploadSource => ({
  read: async (offset, length) => bytes.subarray(offset, offset + length),
});

/** A file on disk, read at each chunk's position. */
export const diskSource = (path: string): UploadSource => ({
  async read(offset, length) {
    const handle = await open(path, 'r');
    try {
      const out = new Uint8Array(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(out, filled, length - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return out.subarray(0, filled);
    } finally {
      await handle.close();
    }
  },
});

export interface UploadOptions {
  server: string;
  token: string;
  fetch?: typeof fetch;
  /** Failed requests in a row before giving up (a cut link, a 5xx, a chunk damaged on the way). */
  retries?: number;
  /** The first wait before a retry; it doubles with each failure in a row. */
  retryDelayMs?: number;
}

/** A refusal that no retry can change (the server said why). */
export class UploadRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'UploadRefused';
  }
}

/** Codes that mean "send that again": the bytes were damaged or cut on the way, or the upload lapsed. */
const RESEND = new Set(['body_incomplete', 'chunk_hash_mismatch', 'chunk_length_mismatch', 'upload_not_found']);

/**
 * Uploads one course file through the resumable upload (docs/course-package.md, "Uploading large
 * files"): start (or resume, the server remembers the upload by hash and account) → chunks in
 * order, each with its SHA-256 → complete. After a cut link it starts again, which resumes at
 * the first byte the server does not hold, so each cut costs at most the chunk in flight.
 * Returns the bytes sent (0 when the server had the file).
 * @example await uploadCourseFile({ hash, size, type, source: diskSource(path) }, { server, token })
 */
export async function uploadCourseFile(
  file: { hash: string; size: number; type: string; source: UploadSource },
  options: UploadOptions,
): Promise<{ sentBytes: number; attempts: number }> {
  const doFetch = options.fetch ?? fetch;
  const retries = options.retries ?? 8;
  const delay = options.retryDelayMs ?? 500;
  const auth = { Authorization: `Bearer ${options.token}` };
  const url = (path: string) => new URL(path, options.server);
  let sentBytes = 0;
  let failures = 0;
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      const start = await doFetch(url('/api/course-uploads'), {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ sha256: file.hash, size: file.size, type: file.type }),
      });
      const started = (await answer(start)) as {
        stored: boolean;
        uploadId: string;
        offset: number;
        chunkBytes: number;
      };
      if (started.stored) return { sentBytes, attempts };
      let offset = started.offset;
      while (offset < file.size) {
        const bytes = await file.source.read(offset, Math.min(started.chunkBytes, file.size - offset));
        const digest = createHash('sha256').update(bytes).digest('base64');
        const put = await doFetch(url(`/api/course-uploads/${started.uploadId}/chunks/${offset}`), {
          method: 'PUT',
          headers: { ...auth, 'Content-Type': 'application/octet-stream', 'Content-Digest': `sha-256=:${digest}:` },
          body: bytes,
        });
        if (!put.ok) {
          const error = await errorOf(put);
          // Our view of the offset was stale (a chunk stored whose answer was lost): continue where the server is.
          if (error?.code === 'upload_offset_mismatch') {
            offset = (error.details as { offset: number }).offset;
            continue;
          }
          throw problem(put, error);
        }
        sentBytes += bytes.length;
        offset = ((await put.json()) as { offset: number }).offset;
        failures = 0;
      }
      const complete = await doFetch(url(`/api/course-uploads/${started.uploadId}/complete`), {
        method: 'POST',
        headers: auth,
      });
      if (complete.ok) return { sentBytes, attempts };
      const error = await errorOf(complete);
      if (error?.code === 'upload_hash_mismatch') {
        throw new UploadRefused(error.code, `files/${file.hash} is not the file its name says: ${error.message}`);
      }
      throw problem(complete, error);
    } catch (err) {
      if (err instanceof UploadRefused || ++failures > retries) throw err;
      await new Promise((r) => setTimeout(r, delay * 2 ** (failures - 1)));
    }
  }
}

async function answer(res: Response): Promise<unknown> {
  if (!res.ok) throw problem(res, await errorOf(res));
  return res.json();
}

async function errorOf(res: Response): Promise<ApiError['error'] | null> {
  const body = (await res.json().catch(() => null)) as ApiError | null;
  return body?.error ?? null;
}

/** A retryable error for a cut link, a 5xx or a resend code; `UploadRefused` for everything else. */
function problem(res: Response, error: ApiError['error'] | null): Error {
  const text = error ? `${error.code}: ${error.message}` : `HTTP ${res.status}`;
  if (res.status >= 500 || res.status === 429 || !error || RESEND.has(error.code)) return new Error(text);
  return new UploadRefused(error.code, error.message);
}
