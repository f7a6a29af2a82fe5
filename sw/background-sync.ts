/// <reference lib="webworker" />
import { db } from '../src/db/database';
import { readState } from '../src/db/sync-state';
import { browserSyncContext } from '../src/sync/sync-context';
import { syncErrorCode } from '../src/sync/sync-error';
import { syncOnce } from '../src/sync/sync-once';

declare let self: ServiceWorkerGlobalScope;

/** The tag the page registers (src/app/sync/start-sync-triggers.ts). */
export const BACKGROUND_SYNC_TAG = 'lentera-sync';

/**
 * Drains the outbox from the service worker when the browser fires Background Sync — also after
 * the tab was closed. The same device-wide Web Lock as the tabs keeps it to one sync at a time.
 * Throwing asks the browser to fire the event again later (with its own backoff).
 */
export async function runBackgroundSync(): Promise<void> {
  const deviceId = await readState(db, 'deviceId');
  if (!deviceId) return; // the app has never started on this device: nothing to send
  const report = await syncOnce(browserSyncContext(db, deviceId));
  if (report.ran && report.lastError !== undefined)
    throw new Error(`sync incomplete: ${syncErrorCode(report.lastError)}`);
}

/** Listens for the Background Sync event. */
export function listenForBackgroundSync(): void {
  self.addEventListener('sync', (event: Event) => {
    const e = event as ExtendableEvent & { tag?: string };
    if (e.tag === BACKGROUND_SYNC_TAG) e.waitUntil(runBackgroundSync());
  });
}
