import type { LenteraDatabase } from '../../db/database';
import type { DownloadState } from '../../db/course-records';
import type { FileEntry } from '../../shared/course/manifest';
import { activateCourse, removeUnusedFiles } from './activate-course';
import { downloadFile, type HashInProgress } from './download-file';
import { DownloadProblem, isQuotaError } from './download-problem';
import { chunkedFileComplete } from '../../db/file-chunks';
import { judgePublisher } from '../../shared/course/course-file-publishers';
import { fetchCourseUpdate } from './fetch-course-update';
import { verifyEnvelope } from './fetch-signed-manifest';
import { putDownloadWithInlineFiles } from './store-inline-files';

export interface DownloadOptions {
  token: string;
  /**
   * The kecamatan hub's origin when the course comes from it (docs/hub.md); unset: the app's own
   * server. Whatever the source, every file is checked against its SHA-256 in the signed manifest.
   */
  baseUrl?: string;
  chunkBytes: number;
  /** Range size for large files (video), see `FileDownloadContext.largeChunkBytes`. */
  largeChunkBytes?: number;
  signal: AbortSignal;
  onProgress: (state: DownloadState) => void;
  /**
   * Leave the videos off (a download "tanpa video" for 2G); false fetches them too (adding them
   * later). Unset: as the installed version was taken, so an update keeps the learner's choice.
   */
  withoutVideo?: boolean;
  /** Videos to fetch all the same when `withoutVideo` (one lesson's video, added on its own). */
  videos?: readonly string[];
  /** Wait before retrying after a dropped signal (grows with each failure, capped). */
  retryDelayMs?: (failures: number) => number;
}

const defaultDelay = (failures: number) => Math.min(15_000, 500 * 2 ** failures) * (0.5 + Math.random() / 2);

/**
 * Starts (or continues) downloading the latest version of a course: verifies the signed manifest,
 * checks free space, fetches only the hashes the phone lacks, then activates atomically.
 */
export async function startDownload(
  db: LenteraDatabase,
  courseId: string,
  options: DownloadOptions,
): Promise<DownloadState> {
  const installed = await db.courses.get(courseId);
  const { envelope, manifest, files } = await fetchCourseUpdate(
    db,
    courseId,
    installed,
    options.token,
    options.baseUrl,
  );
  if (options.baseUrl) {
    // A hub could sign a course of its own making: from a hub, the publisher must be the one the
    // phone pinned from the national server (or the installed version's), as for a course file.
    const pinned = await db.coursePublishers.toArray();
    if (judgePublisher(manifest.id, envelope.publicKey, installed?.publicKey, pinned)) {
      throw new DownloadProblem('bad_signature');
    }
  }
  const id = `${manifest.id}@${manifest.version}`;
  await dropOlderDownloads(db, manifest.id, id);
  const existing = await db.downloads.get(id);
  if (!existing || existing.status === 'failed') {
    const have = await completeFiles(
      db,
      manifest.files.map((f) => f.hash),
    );
    const withoutVideo = options.withoutVideo ?? (installed?.absent?.length ?? 0) > 0;
    const wanted = new Set(options.videos ?? []);
    const absent = withoutVideo
      ? manifest.files.filter((f) => isVideo(f) && !have.has(f.hash) && !wanted.has(f.hash))
      : [];
    const missing = manifest.files.filter((f) => !have.has(f.hash) && !absent.includes(f));
    const bytesTotal = missing.reduce((sum, f) => sum + f.size, 0);
    await checkFreeSpace(bytesTotal);
    const state: DownloadState = {
      id,
      courseId: manifest.id,
      version: manifest.version,
      manifest: envelope,
      pending: missing.map((f) => f.hash),
      ...(absent.length > 0 && { absent: [...new Set(absent.map((f) => f.hash))] }),
      bytesDone: 0,
      bytesTotal,
      status: 'running',
      updatedAt: Date.now(),
    };
    await putDownloadWithInlineFiles(db, state, manifest, files);
  } else {
    await db.downloads.update(id, { status: 'running', error: undefined, errorFile: undefined });
  }
  return runDownload(db, id, options);
}

/** Runs a stored download to its end, retrying dropped connections; resolves with its final state. */
export async function runDownload(db: LenteraDatabase, id: string, options: DownloadOptions): Promise<DownloadState> {
  const delay = options.retryDelayMs ?? defaultDelay;
  let failures = 0;
  // Running SHA-256 of the file in flight, kept across retries after a dropped signal.
  const hashes = new Map<string, HashInProgress>();
  const report = async () => {
    const state = await db.downloads.get(id);
    if (state) options.onProgress(state);
    return state;
  };
  for (;;) {
    const state = await db.downloads.get(id);
    if (!state) throw new Error(`no download ${id}`);
    if (options.signal.aborted) {
      await db.downloads.update(id, { status: 'paused' });
      return (await report())!;
    }
    try {
      const envelope = state.manifest;
      const installed = await db.courses.get(state.courseId);
      const manifest = await verifyEnvelope(envelope, installed?.publicKey);
      for (const hash of state.pending) {
        const entry = manifest.files.find((f) => f.hash === hash)!;
        await downloadFile(entry, {
          db,
          downloadId: id,
          token: options.token,
          ...(options.baseUrl !== undefined && { baseUrl: options.baseUrl }),
          chunkBytes: options.chunkBytes,
          ...(options.largeChunkBytes !== undefined && { largeChunkBytes: options.largeChunkBytes }),
          hashes,
          signal: options.signal,
          // The state `downloadFile` gives with a stored piece, not read again: a read per piece
          // cloned the record, whose signed manifest grows with the file. Part of a piece (no
          // state) changes nothing the card shows.
          onBytes: (_added, stored) => {
            failures = 0;
            if (stored) options.onProgress(stored);
          },
        });
      }
      await activateCourse(db, id, manifest, envelope.publicKey, state.absent);
      const done: DownloadState = {
        ...state,
        pending: [],
        bytesDone: state.bytesTotal,
        status: 'done',
        updatedAt: Date.now(),
      };
      options.onProgress(done);
      return done;
    } catch (err) {
      const problem =
        err instanceof DownloadProblem ? err : isQuotaError(err) ? new DownloadProblem('quota_exceeded') : null;
      if (!problem) throw err;
      if (problem.transient && !options.signal.aborted) {
        failures++;
        await db.downloads.update(id, { error: problem.code });
        await report();
        await sleep(delay(failures), options.signal);
        continue;
      }
      if (options.signal.aborted) continue; // paused while a request was in flight
      await db.downloads.update(id, { status: 'failed', error: problem.code, errorFile: problem.file });
      return (await report())!;
    }
  }
}

/** A newer version superseded an unfinished download: forget it and the chunks it kept. */
async function dropOlderDownloads(db: LenteraDatabase, courseId: string, keepId: string): Promise<void> {
  const stale = await db.downloads
    .where('courseId')
    .equals(courseId)
    .filter((d) => d.id !== keepId)
    .primaryKeys();
  if (stale.length === 0) return;
  await db.downloads.bulkDelete(stale);
  await removeUnusedFiles(db);
}

/**
 * The hashes among `hashes` whose files are stored whole. A chunked file's record is not enough:
 * the browser may have evicted some of its chunks (src/app/courses/find-missing-files.ts finds
 * them); such a record is dropped, so the file is fetched again from its last contiguous chunk.
 */
async function completeFiles(db: LenteraDatabase, hashes: string[]): Promise<Set<string>> {
  const stored = (await db.files.bulkGet(hashes)).filter((f) => f !== undefined);
  const have = new Set<string>();
  for (const file of stored) {
    if (!file.chunked || (await chunkedFileComplete(db, file.hash, file.size))) have.add(file.hash);
    else await db.files.delete(file.hash);
  }
  return have;
}

/** A video lesson's file: what a download "tanpa video" leaves off. */
export function isVideo(file: FileEntry): boolean {
  return file.type.startsWith('video/');
}

async function checkFreeSpace(bytes: number): Promise<void> {
  const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => null);
  if (estimate?.quota === undefined || estimate.usage === undefined) return;
  // Blobs in IndexedDB take a little more than their size; keep a margin.
  if (estimate.quota - estimate.usage < bytes * 1.1 + 1_000_000) throw new DownloadProblem('quota_exceeded');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
