// Main bundle side of the download worker: started on first use, progress pushed into a signal.
import { signal } from '@preact/signals';
import { proxy, wrap, type Remote } from 'comlink';
import type { DownloadErrorCode, DownloadProgress } from '../../db/course-records';
import { db } from '../../db/database';
import { reachableHub } from '../../sync/choose-sync-target';
import type { CourseDownloadService } from '../../workers/course-download.worker';

let remote: Remote<CourseDownloadService> | null = null;

function service(): Remote<CourseDownloadService> {
  remote ??= wrap<CourseDownloadService>(
    new Worker(new URL('../../workers/course-download.worker.ts', import.meta.url), { type: 'module' }),
  );
  return remote;
}

/** Downloads by course id: the latest state the worker reported (or read from the database). */
export const downloads = signal<Record<string, DownloadProgress>>({});
/** Errors that stopped a download before it had a state (signature, withdrawn, quota…), by course. */
export const downloadErrors = signal<Record<string, DownloadErrorCode>>({});

const onProgress = proxy((state: DownloadProgress) => {
  downloads.value = { ...downloads.value, [state.courseId]: state };
});

function setError(courseId: string, code: DownloadErrorCode | null) {
  const next = { ...downloadErrors.value };
  if (code) next[courseId] = code;
  else delete next[courseId];
  downloadErrors.value = next;
}

/**
 * Starts downloading (or updating) a course; asks the browser to keep the storage persistent.
 * `withoutVideo`: true leaves the videos off (text-only), false adds them to a text-only course;
 * `videos` with `withoutVideo` true adds just those (one lesson's video).
 */
export async function downloadCourse(
  courseId: string,
  token: string,
  withoutVideo?: boolean,
  videos?: string[],
): Promise<void> {
  setError(courseId, null);
  void navigator.storage?.persist?.();
  const hub = await courseSource();
  let result = await service().download(courseId, token, onProgress, withoutVideo, videos, hub);
  // The hub may not mirror this course (yet), or offer one the phone does not trust: the national server then.
  if ('problem' in result && hub !== '') {
    result = await service().download(courseId, token, onProgress, withoutVideo, videos, '');
  }
  if ('problem' in result) setError(courseId, result.problem);
}

/**
 * Where course files come from now: the office hub when one is set and answers (LAN speed, also
 * with the office's uplink down), else '' — the app's own server. Files are content-addressed and
 * checked against the signed manifest, so a download may switch between the two when it resumes.
 */
async function courseSource(): Promise<string> {
  return (await reachableHub(db, (input, init) => fetch(input, init)))?.baseUrl ?? '';
}

/** Continues a stored download from the chunk where it stopped. */
export async function resumeDownload(state: Pick<DownloadProgress, 'id' | 'courseId'>, token: string): Promise<void> {
  setError(state.courseId, null);
  const result = await service().resume(state.id, token, onProgress, await courseSource());
  if ('problem' in result) setError(state.courseId, result.problem);
}

/** Pauses a running download. */
export function pauseDownload(courseId: string): Promise<void> {
  return service().pause(courseId);
}

/** Removes an installed course (and files no other course uses). */
export function removeCourse(courseId: string): Promise<void> {
  return service().remove(courseId);
}

let resumed = false;

/**
 * Loads unfinished downloads after an app start and continues those that were running when the
 * app was closed; paused and failed ones wait for the user. Both the start-up and the catalogue
 * call this: only the first call with a token resumes, since a second resume would stop the
 * first run (which then records "paused") while the second carries on.
 */
export async function restoreDownloads(token: string | null): Promise<void> {
  const stored = await db.downloads.toArray();
  const byCourse: Record<string, DownloadProgress> = {};
  for (const d of stored) byCourse[d.courseId] = d;
  downloads.value = { ...byCourse, ...downloads.value };
  if (!token || resumed) return;
  resumed = true;
  for (const d of stored) if (d.status === 'running') void resumeDownload(d, token);
}

/** Writes an installed course as a course file from this phone's copy (in the worker); see ShareCourseButton. */
export function shareCourseFile(courseId: string, token: string | null) {
  return service().shareFile(courseId, token);
}

/** Verifies and installs a picked course file offline (in the worker); see ImportCourseFile. */
export function importCourseFile(file: File, onProgress: (checked: number, total: number) => void) {
  return service().importFile(file, proxy(onProgress));
}
