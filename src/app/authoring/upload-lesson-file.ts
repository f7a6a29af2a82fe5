// Lazy authoring chunk: the browser's side of the resumable upload (docs/authoring.md, "Uploads").
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import * as v from 'valibot';
import { DRAFT_MEDIA_MAX_BYTES, DraftMediaSchema } from '../../shared/authoring/authoring-api';

/** How much of the file one read takes while hashing: one slice in memory, whatever the file's size. */
export const HASH_SLICE_BYTES = 1024 * 1024;

export type DraftMedia = v.InferOutput<typeof DraftMediaSchema>;

/** Where an upload stands, for the progress line: reading the file to hash it, then sending it. */
export interface UploadProgress {
  phase: 'hashing' | 'uploading';
  /** 0 to 100. */
  percent: number;
}

export type MediaUploadResult =
  | { ok: true; data: DraftMedia }
  /**
   * `code`: the server's refusal (`media_type_mismatch`, `upload_conflict`, `upload_hash_mismatch`…),
   * `upload_interrupted` when the link stayed down through every retry, or `bad_response`.
   */
  | { ok: false; code: string; limit?: number };

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  fetch?: typeof fetch;
  /** Failed requests in a row before giving up (a cut link, a 5xx, a chunk damaged on the way). */
  retries?: number;
  /** The first pause before a retry; it doubles with each failure in a row. */
  retryDelayMs?: number;
}

/** What a file picked in the browser offers: its name, type, size and slices read one at a time. */
export type PickedFile = Pick<File, 'name' | 'type' | 'size' | 'slice'>;

/** Answers that mean "send that again": the bytes were damaged or cut on the way. */
const RESEND = new Set(['body_incomplete', 'chunk_hash_mismatch', 'chunk_length_mismatch']);

const StartedSchema = v.union([
  v.object({ stored: v.literal(true) }),
  v.object({ stored: v.literal(false), uploadId: v.string(), offset: v.number(), chunkBytes: v.number() }),
]);
const OffsetSchema = v.object({ offset: v.number() });
const ErrorSchema = v.object({
  error: v.object({ code: v.string(), details: v.optional(v.record(v.string(), v.unknown())) }),
});

/** A failure another try may cure: the link, the server, or bytes damaged on the way. */
class Retry extends Error {}
/** A refusal no retry changes; the screen says why. */
class Refused extends Error {
  /** `details.limit` of `media_too_large`. */
  readonly limit: number | undefined;
  /** `details.offset`: where the upload continues. */
  readonly offset: number | undefined;
  constructor(
    readonly code: string,
    details: Record<string, unknown> = {},
  ) {
    super(code);
    this.limit = typeof details.limit === 'number' ? details.limit : undefined;
    this.offset = typeof details.offset === 'number' ? details.offset : undefined;
  }
}

/**
 * Uploads a lesson file of any size and attaches it to the draft under its name: hashes it slice
 * by slice, starts (or, for the same file picked again after a reload, resumes) the resumable
 * upload, sends the chunks the server lacks, each with its `Content-Digest`, completes it and
 * calls `attachDraftMedia`. After a cut link it asks the server where the upload stands
 * (`getCourseUpload`) and sends only what is missing. Never throws; never holds more than one
 * chunk of the file in memory.
 * @example const result = await uploadLessonFile(token, 'kursus', file, { onProgress: (p) => show(p.percent) })
 */
export async function uploadLessonFile(
  token: string,
  courseId: string,
  file: PickedFile,
  options: UploadOptions = {},
): Promise<MediaUploadResult> {
  if (file.size === 0) return { ok: false, code: 'empty_file' };
  if (file.size > DRAFT_MEDIA_MAX_BYTES) return { ok: false, code: 'media_too_large', limit: DRAFT_MEDIA_MAX_BYTES };
  const progress = options.onProgress ?? (() => {});
  const hash = await hashFile(file, (percent) => progress({ phase: 'hashing', percent }));
  const type = file.type || 'application/octet-stream';
  const call = caller(token, options.fetch ?? ((input, init) => fetch(input, init)));
  const retries = options.retries ?? 6;
  const delay = options.retryDelayMs ?? 1000;
  const sent = (offset: number) => progress({ phase: 'uploading', percent: Math.floor((offset / file.size) * 100) });

  let upload: { uploadId: string; chunkBytes: number } | null = null;
  let offset = 0;
  let stored = false;
  let failures = 0;
  for (;;) {
    try {
      if (!stored && !upload) {
        const started = await call('POST', '/api/course-uploads', StartedSchema, {
          json: { sha256: hash, size: file.size, type },
        });
        if (started.stored) stored = true;
        else [upload, offset] = [{ uploadId: started.uploadId, chunkBytes: started.chunkBytes }, started.offset];
      }
      if (upload) {
        const path = `/api/course-uploads/${upload.uploadId}`;
        sent(offset);
        while (offset < file.size) {
          const bytes = new Uint8Array(await file.slice(offset, offset + upload.chunkBytes).arrayBuffer());
          const answer = await call('PUT', `${path}/chunks/${offset}`, OffsetSchema, {
            body: bytes,
            headers: { 'Content-Digest': `sha-256=:${base64(sha256(bytes))}:` },
          }).catch((err: unknown) => offsetToResume(err));
          offset = answer.offset;
          failures = 0;
          sent(offset);
        }
        const done = await call('POST', `${path}/complete`, v.object({ hash: v.string() })).catch(offsetToResume);
        if ('offset' in done) {
          offset = done.offset;
          continue;
        }
        [stored, upload] = [true, null];
      }
      sent(file.size);
      const data = await call(
        'POST',
        `/api/authoring/courses/${encodeURIComponent(courseId)}/media`,
        DraftMediaSchema,
        {
          json: { name: file.name.toLowerCase(), sha256: hash, type },
        },
      );
      return { ok: true, data };
    } catch (err) {
      // An upload that lapsed or was discarded meanwhile is started again; any other refusal is final.
      const lapsed = err instanceof Refused && err.code === 'upload_not_found' && upload !== null;
      if (err instanceof Refused && !lapsed) {
        return { ok: false, code: err.code, ...(err.limit ? { limit: err.limit } : {}) };
      }
      if (++failures > retries) return { ok: false, code: 'upload_interrupted' };
      if (lapsed) {
        upload = null;
        continue;
      }
      await new Promise((r) => setTimeout(r, delay * 2 ** (failures - 1)));
      if (upload) {
        // Where the server stands: a chunk whose answer was lost may be stored already.
        const where = await call('GET', `/api/course-uploads/${upload.uploadId}`, OffsetSchema).catch(
          (lost: unknown) => {
            // The upload lapsed or was discarded: start again (the server resumes by hash where it can).
            if (lost instanceof Refused && lost.code === 'upload_not_found') upload = null;
            return null;
          },
        );
        if (where) offset = where.offset;
      }
    }
  }
}

/** The upload's offset out of a refusal that carries one (`upload_offset_mismatch`, `upload_incomplete`). */
function offsetToResume(err: unknown): { offset: number } {
  if (err instanceof Refused && err.offset !== undefined) return { offset: err.offset };
  throw err;
}

/** The file's SHA-256, read a slice at a time. */
async function hashFile(file: PickedFile, onPercent: (percent: number) => void): Promise<string> {
  const hasher = sha256.create();
  for (let offset = 0; offset < file.size; offset += HASH_SLICE_BYTES) {
    hasher.update(new Uint8Array(await file.slice(offset, offset + HASH_SLICE_BYTES).arrayBuffer()));
    onPercent(Math.floor((Math.min(offset + HASH_SLICE_BYTES, file.size) / file.size) * 100));
  }
  return bytesToHex(hasher.digest());
}

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** One API call: the checked answer, `Retry` for a cut link, a 5xx or damaged bytes, `Refused` otherwise. */
function caller(token: string, doFetch: typeof fetch) {
  return async <S extends v.GenericSchema>(
    method: string,
    path: string,
    schema: S,
    init: { json?: unknown; body?: Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {},
  ): Promise<v.InferOutput<S>> => {
    let res: Response;
    try {
      res = await doFetch(path, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': init.json === undefined ? 'application/octet-stream' : 'application/json',
          ...init.headers,
        },
        ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : init.body ? { body: init.body } : {}),
      });
    } catch {
      throw new Retry('offline');
    }
    const body: unknown = await res.json().catch(() => null);
    if (res.ok) {
      const parsed = v.safeParse(schema, body);
      if (!parsed.success) throw new Refused('bad_response');
      return parsed.output;
    }
    const refused = v.safeParse(ErrorSchema, body);
    if (res.status >= 500 || res.status === 429 || !refused.success) throw new Retry(`HTTP ${res.status}`);
    const { code, details } = refused.output.error;
    if (RESEND.has(code)) throw new Retry(code);
    throw new Refused(code, details);
  };
}
