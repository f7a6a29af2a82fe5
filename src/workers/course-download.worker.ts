// The course download worker (Comlink): fetching, hashing and storing run here, never on the page.
import { expose } from 'comlink';
import type { DownloadErrorCode, DownloadProgress, DownloadState } from '../db/course-records';
import { downloadProgress } from '../db/download-progress';
import { db } from '../db/database';
import { removeUnusedFiles } from './course-download/activate-course';
import { DownloadProblem } from './course-download/download-problem';
import { fetchSignedManifest } from './course-download/fetch-signed-manifest';
import { CourseImportError, importCourseFile, type CourseImportProblem } from './course-download/import-course-file';
import { runDownload, startDownload, type DownloadOptions } from './course-download/run-download';
import { CourseShareError, writeCourseFile, type CourseShareProblem } from './course-download/write-course-file';

const CHUNK_BYTES = 64 * 1024;
// A video's Range chunk: a quarter of the requests (and stored records) for the same bytes; a cut on
// 2G (≈25 KB/s) still costs at most about ten seconds of transfer.
const LARGE_CHUNK_BYTES = 256 * 1024;
const running = new Map<string, { controller: AbortController; settled: Promise<unknown> }>();

type Listener = (state: DownloadProgress) => void;

async function guarded(
  key: string,
  run: (signal: AbortSignal) => Promise<DownloadState>,
): Promise<DownloadState | { problem: DownloadErrorCode }> {
  // A run that is replaced (a second resume, a restart) writes "paused" as it stops: wait for that,
  // so the new run's "running" is the last word and the card shows what the download really does.
  const previous = running.get(key);
  previous?.controller.abort();
  const controller = new AbortController();
  const work = (async () => {
    await previous?.settled;
    return run(controller.signal);
  })();
  running.set(key, { controller, settled: work.catch(() => undefined) });
  try {
    const state = await work;
    if (state.status === 'done') await keepEnvelope(state);
    return state;
  } catch (err) {
    if (err instanceof DownloadProblem) return { problem: err.code };
    throw err;
  } finally {
    if (running.get(key)?.controller === controller) running.delete(key);
  }
}

/** Keeps the signed envelope of a version the download just installed, so the phone can share it as a file. */
async function keepEnvelope(state: DownloadState): Promise<void> {
  await db.transaction('rw', db.courses, db.courseEnvelopes, async () => {
    const course = await db.courses.get(state.courseId);
    if (course?.activeVersion !== state.version) return;
    await db.courseEnvelopes.put({ courseId: state.courseId, version: state.version, envelope: state.manifest });
  });
}

const options = (token: string, signal: AbortSignal, onProgress: Listener, baseUrl = ''): DownloadOptions => ({
  token,
  baseUrl,
  signal,
  onProgress: (state) => onProgress(downloadProgress(state)),
  chunkBytes: CHUNK_BYTES,
  largeChunkBytes: LARGE_CHUNK_BYTES,
});

const service = {
  /**
   * Downloads (or updates to) the latest version of a course; `withoutVideo` as in `DownloadOptions`;
   * `baseUrl`: the office hub's origin when it answered, else '' (the app's server).
   */
  download(
    courseId: string,
    token: string,
    onProgress: Listener,
    withoutVideo?: boolean,
    videos?: string[],
    baseUrl = '',
  ) {
    return guarded(courseId, (signal) =>
      startDownload(db, courseId, { ...options(token, signal, onProgress, baseUrl), withoutVideo, videos }),
    );
  },
  /** Continues a stored download (after a pause, a dropped signal or an app restart), from `baseUrl` as above. */
  resume(downloadId: string, token: string, onProgress: Listener, baseUrl = '') {
    const courseId = downloadId.split('@')[0]!;
    return guarded(courseId, async (signal) => {
      await db.downloads.update(downloadId, { status: 'running', error: undefined, errorFile: undefined });
      const state = await db.downloads.get(downloadId);
      if (state) onProgress(state); // the card says "running" from now on, not from the first chunk
      return runDownload(db, downloadId, options(token, signal, onProgress, baseUrl));
    });
  },
  /** Pauses a running download; the chunk in flight is dropped, everything before it is kept. */
  pause(courseId: string) {
    running.get(courseId)?.controller.abort();
  },
  /** Removes a course and its downloads from the phone; files another course uses are kept. */
  async remove(courseId: string) {
    running.get(courseId)?.controller.abort();
    await db.transaction('rw', [db.courses, db.downloads, db.files, db.fileChunks], async () => {
      await db.courses.delete(courseId);
      await db.downloads.where('courseId').equals(courseId).delete();
      await removeUnusedFiles(db);
    });
    await db.courseEnvelopes.delete(courseId);
  },
  /**
   * Installs a course file picked on the phone, offline: verified whole before anything is stored
   * (src/workers/course-download/import-course-file.ts). A download of the same course stops first.
   */
  async importFile(file: Blob, onProgress: (checked: number, total: number) => void) {
    try {
      return await importCourseFile(db, file, {
        onProgress,
        beforeInstall: async (courseId) => {
          const run = running.get(courseId);
          run?.controller.abort();
          await run?.settled;
        },
      });
    } catch (err) {
      if (err instanceof CourseImportError) return { problem: err.code as CourseImportProblem, file: err.file };
      throw err;
    }
  },
  /** Writes an installed course as a course file from this phone's copy, to share or save. */
  async shareFile(courseId: string, token: string | null): Promise<File | { problem: CourseShareProblem }> {
    try {
      return await writeCourseFile(db, courseId, (id, version) =>
        token ? fetchSignedManifest(id, version, token) : Promise.resolve(null),
      );
    } catch (err) {
      if (err instanceof CourseShareError) return { problem: err.code };
      throw err;
    }
  },
};

export type CourseDownloadService = typeof service;
expose(service);
