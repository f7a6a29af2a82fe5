// Course data on the phone (owned by the course download code, src/workers + src/app/courses).

/** A course installed on this phone; `activeVersion` switches only when a new version is complete. */
export interface InstalledCourse {
  id: string;
  activeVersion: string;
  /** The verified, signed manifest of the active version (JSON as received). */
  manifest: unknown;
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
  manifest: unknown;
  /** Hashes still missing. */
  pending: string[];
  /** Bytes already fetched of the file in flight (Range resume), by hash. */
  partial?: { hash: string; chunks: Blob[]; received: number };
  bytesDone: number;
  bytesTotal: number;
  status: 'running' | 'paused' | 'failed' | 'done';
  error?: string;
  updatedAt: number;
}
