// Course data on the phone (owned by the course download code, src/workers + src/app/courses).

/** A course installed on this phone; `activeVersion` switches only when a new version is complete. */
export interface InstalledCourse {
  id: string;
  activeVersion: string;
  /** The verified, signed manifest of the active version (JSON as received). */
  manifest: unknown;
  /** Publisher key (SPKI base64) of the active version: an update must be signed by the same key. */
  publicKey?: string;
  installedAt: number;
  sizeBytes: number;
}

/** One content-addressed file (lesson, media, quiz) shared by every course version that lists it. */
export interface StoredFile {
  /** SHA-256, hex. */
  hash: string;
  blob: Blob;
  size: number;
  type: string;
}

/** A download in progress, resumable after a dropped signal or an app restart. */
export interface DownloadState {
  /** `${courseId}@${version}` */
  id: string;
  courseId: string;
  version: string;
  /** The SignedManifest envelope as received; re-verified whenever the download resumes. */
  manifest: unknown;
  /** Hashes still missing. */
  pending: string[];
  /**
   * The file in flight (Range resume): `parts` chunks of it are stored in `files` under
   * `partKey(hash, n)` keys (one record per chunk, so saving a chunk never rewrites earlier ones).
   */
  partial?: { hash: string; parts: number; received: number };
  bytesDone: number;
  bytesTotal: number;
  status: 'running' | 'paused' | 'failed' | 'done';
  /** A `DownloadErrorCode` (src/workers/course-download/download-problem.ts) when failed. */
  error?: string;
  /** Which file the error is about (its path in the course), for the message. */
  errorFile?: string;
  updatedAt: number;
}
