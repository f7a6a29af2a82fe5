// Course data on the phone (owned by the course download code, src/workers + src/app/courses).
import type { CourseManifest } from '../shared/course/manifest';
import type { SignedManifest } from '../shared/course/signed-manifest';

/** A course installed on this phone; `activeVersion` switches only when a new version is complete. */
export interface InstalledCourse {
  id: string;
  activeVersion: string;
  /**
   * The manifest of the active version, parsed and verified once, at install (`activateCourse`).
   * Screens still check it when they read it (src/app/courses/read-installed-course.ts): a damaged
   * record must not break every screen.
   */
  manifest: CourseManifest;
  /** Publisher key (SPKI base64) of the active version: an update must be signed by the same key. */
  publicKey?: string;
  installedAt: number;
  sizeBytes: number;
  /**
   * Files of the manifest left off this phone on purpose (the videos of a download "tanpa video");
   * lessons show a placeholder with a download button for them. Absent or empty: everything is here.
   */
  absent?: string[];
}

/**
 * One content-addressed file (lesson, media, quiz) shared by every course version that lists it.
 * Its record exists only once the whole file is stored and its SHA-256 checked. Small files keep
 * their bytes in `blob`; large ones (video) stay in `fileChunks` as they were downloaded (`chunked`),
 * so the service worker answers a Range by reading only the chunks it covers.
 * Read either kind whole with `storedFileBlob` (src/db/file-chunks.ts).
 */
export interface StoredFile {
  /** SHA-256, hex. */
  hash: string;
  /** The whole file; absent when `chunked`. */
  blob?: Blob;
  size: number;
  type: string;
  /** The bytes are the `fileChunks` of this hash, from byte 0 to `size`, in order. */
  chunked?: true;
}

/**
 * A piece of a course file as it arrived (one HTTP Range response), keyed by `[hash+start]`.
 * Chunks of a file still downloading are the resume point; chunks of a `chunked` file are its bytes.
 */
export interface FileChunk {
  hash: string;
  /** Byte offset of the chunk in the file. */
  start: number;
  blob: Blob;
}

/** Why a course download stopped; each code has its own message in the app (src/app/courses/download-error-message.ts). */
export type DownloadErrorCode =
  | 'offline'
  | 'unauthorized'
  | 'course_withdrawn'
  | 'course_not_found'
  | 'bad_signature'
  | 'malformed_manifest'
  | 'hash_mismatch'
  | 'truncated'
  | 'quota_exceeded'
  | 'server_error';

/** A download in progress, resumable after a dropped signal or an app restart. */
export interface DownloadState {
  /** `${courseId}@${version}` */
  id: string;
  courseId: string;
  version: string;
  /** The envelope as received (its manifest is signed text); re-verified whenever the download resumes. */
  manifest: SignedManifest;
  /** Hashes still missing. */
  pending: string[];
  /** Files this download leaves off on purpose (text-only); they become the course's `absent`. */
  absent?: string[];
  /**
   * The file in flight (Range resume): its first `received` bytes are stored in `fileChunks`, one
   * record per chunk, so saving a chunk never rewrites earlier ones.
   */
  partial?: { hash: string; received: number };
  bytesDone: number;
  bytesTotal: number;
  status: 'running' | 'paused' | 'failed' | 'done';
  /** Why it failed, or why it waits (`offline`, `server_error`) while still running. */
  error?: DownloadErrorCode;
  /** Which file the error is about (its path in the course), for the message. */
  errorFile?: string;
  updatedAt: number;
}

/**
 * What the download worker tells the page as a download goes: its state without the signed
 * envelope, which the page never reads. Sent once per stored piece, the envelope (its manifest
 * lists a hash per 256 KiB piece of every video) was copied into both heaps each time: ~25 MB of
 * garbage in the page for a 100 MiB video (docs/benchmarks.md, "A phone with a 100 MiB video").
 */
export type DownloadProgress = Omit<DownloadState, 'manifest'>;
