import { db } from '../../db/database';
import { deviceId } from './device-id';
import { lastSyncReport, syncProgress, syncRunning } from './sync-signals';

/**
 * Starts a sync now unless this tab is already syncing; another tab or the service worker holding
 * the device-wide lock makes it a no-op. The engine is a lazy chunk: it is not needed to open the app.
 * @example button.onclick = () => void requestSync();
 */
export async function requestSync(): Promise<void> {
  if (syncRunning.value) return;
  syncRunning.value = true;
  try {
    const [{ syncOnce }, { browserSyncContext }] = await Promise.all([
      import('../../sync/sync-once'),
      import('../../sync/sync-context'),
    ]);
    lastSyncReport.value = await syncOnce({
      ...browserSyncContext(db, deviceId()),
      onProgress: (done, total) => {
        syncProgress.value = { done, total };
      },
    });
  } catch (err) {
    // A full disk or a broken database lands here; the outbox is untouched, so nothing is lost.
    lastSyncReport.value = {
      ran: true,
      pulled: false,
      synced: 0,
      dead: 0,
      needsSignIn: [],
      epochChanged: false,
      finishedAt: Date.now(),
      lastError:
        (err as Error).name === 'QuotaExceededError'
          ? { kind: 'quota' }
          : { kind: 'unexpected', message: (err as Error).message },
    };
  } finally {
    syncRunning.value = false;
    syncProgress.value = null;
  }
}
