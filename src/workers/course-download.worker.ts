// The course download worker (Comlink): fetching, hashing and storing run here, never on the page.
import { expose } from 'comlink';
import type { DownloadErrorCode, DownloadState } from '../db/course-records';
import { db } from '../db/database';
import { removeUnusedFiles } from './course-download/activate-course';
import { DownloadProblem } from './course-download/download-problem';
import { runDownload, startDownload, type DownloadOptions } from './course-download/run-download';

const CHUNK_BYTES = 64 * 1024;
const running = new Map<string, { controller: AbortController; settled: Promise<unknown> }>();

type Listener = (state: DownloadState) => void;

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
    return await work;
  } catch (err) {
    if (err instanceof DownloadProblem) return { problem: err.code };
    throw err;
  } finally {
    if (running.get(key)?.controller === controller) running.delete(key);
  }
}

const options = (token: string, signal: AbortSignal, onProgress: Listener): DownloadOptions => ({
  token,
  signal,
  onProgress,
  chunkBytes: CHUNK_BYTES,
});

const service = {
  /** Downloads (or updates to) the latest version of a course. */
  download(courseId: string, token: string, onProgress: Listener) {
    return guarded(courseId, (signal) => startDownload(db, courseId, options(token, signal, onProgress)));
  },
  /** Continues a stored download (after a pause, a dropped signal or an app restart). */
  resume(downloadId: string, token: string, onProgress: Listener) {
    const courseId = downloadId.split('@')[0]!;
    return guarded(courseId, async (signal) => {
      await db.downloads.update(downloadId, { status: 'running', error: undefined, errorFile: undefined });
      const state = await db.downloads.get(downloadId);
      if (state) onProgress(state); // the card says "running" from now on, not from the first chunk
      return runDownload(db, downloadId, options(token, signal, onProgress));
    });
  },
  /** Pauses a running download; the chunk in flight is dropped, everything before it is kept. */
  pause(courseId: string) {
    running.get(courseId)?.controller.abort();
  },
  /** Removes a course and its downloads from the phone; files another course uses are kept. */
  async remove(courseId: string) {
    running.get(courseId)?.controller.abort();
    await db.transaction('rw', db.courses, db.downloads, db.files, async () => {
      await db.courses.delete(courseId);
      await db.downloads.where('courseId').equals(courseId).delete();
      await removeUnusedFiles(db);
    });
  },
};

export type CourseDownloadService = typeof service;
expose(service);
