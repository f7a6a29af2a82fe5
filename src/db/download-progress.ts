import type { DownloadProgress, DownloadState } from './course-records';

/** A download's state as the page is told it: without the signed envelope (`DownloadProgress`). */
export function downloadProgress(state: DownloadState): DownloadProgress {
  const { manifest: _manifest, ...progress } = state;
  return progress;
}
