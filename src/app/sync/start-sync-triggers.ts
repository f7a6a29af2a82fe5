import { liveQuery } from 'dexie';
import { db } from '../../db/database';
import { writeState } from '../../db/sync-state';
import { deviceId } from './device-id';
import { requestSync } from './request-sync';

/** While the app is open, a sync at least this often even when nothing else triggers one. */
const TIMER_MS = 5 * 60_000;
/** Answers come in bursts: wait this long after the last one before sending. */
const SETTLE_MS = 3_000;
export const BACKGROUND_SYNC_TAG = 'lentera-sync';

/**
 * Wires every sync trigger (docs/sync-protocol.md): app start, `online`, the tab becoming visible,
 * a timer, new outbox rows, and Background Sync (so the service worker drains the outbox even
 * after the tab is closed, where the browser has it). The button calls `requestSync` itself.
 */
export function startSyncTriggers(): void {
  // The service worker has no localStorage: it reads the device id from the database.
  void writeState(db, 'deviceId', deviceId());
  const trigger = () => {
    if (navigator.onLine) void requestSync();
  };
  trigger();
  window.addEventListener('online', trigger);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') trigger();
  });
  setInterval(trigger, TIMER_MS);
  let settle: ReturnType<typeof setTimeout> | undefined;
  let last = -1;
  liveQuery(() =>
    db.outbox.where('[state+nextTryAt]').between(['pending', 0], ['pending', Infinity], true, true).count(),
  ).subscribe({
    next: (pending) => {
      if (pending > last && last !== -1) {
        clearTimeout(settle);
        settle = setTimeout(trigger, SETTLE_MS);
        void registerBackgroundSync();
      }
      last = pending;
    },
  });
  void registerBackgroundSync();
}

/** Asks the browser to wake the service worker for a sync when a signal returns (Chromium only). */
async function registerBackgroundSync(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    const sync = (
      registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined
    )?.sync;
    await sync?.register(BACKGROUND_SYNC_TAG);
  } catch {
    // Not supported or not permitted: the other triggers still apply.
  }
}
