import { effect, signal } from '@preact/signals';
import { Workbox } from 'workbox-window';
import { workInProgress } from './work-in-progress';

/** A new version is installed and waiting for the user's yes. */
export const updateWaiting = signal(false);
/** The user said yes, but a quiz is in progress: the update waits for it. */
export const updateDeferred = signal(false);
/** The shell is precached: the app now opens with no signal. */
export const offlineReady = signal(false);

let workbox: Workbox | undefined;
/** Set when the user said yes; only then may a controller change reload the page. */
let reloadWhenControlled = false;

/**
 * Registers the service worker (production builds only; `?no-sw` unregisters it for debugging)
 * and wires the update flow: wait → ask → skip waiting → reload on `controllerchange`.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  if (new URLSearchParams(location.search).has('no-sw')) {
    void navigator.serviceWorker.getRegistrations().then((regs) => regs.forEach((r) => void r.unregister()));
    return;
  }
  // A module service worker: it imports the app's own chunks (vite.config.ts, serviceWorkerChunk).
  const wb = new Workbox('/sw.js', { type: 'module' });
  workbox = wb;
  wb.addEventListener('waiting', () => (updateWaiting.value = true));
  wb.addEventListener('installed', (event) => {
    if (!event.isUpdate) offlineReady.value = true;
  });
  // Only a controller change that the user asked for reloads the page; the first install's
  // clientsClaim does not. (workbox-window's `isUpdate` is no help here: it is false for an update
  // found in the same page session as the first install.)
  wb.addEventListener('controlling', () => {
    if (reloadWhenControlled) window.location.reload();
  });
  void wb.register();
  // Phones keep the app open for days: look for a new version when it comes back to the foreground.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && navigator.onLine) void wb.update();
  });
}

/** Looks for a new version now. */
export async function checkForUpdate(): Promise<void> {
  await workbox?.update();
}

/** The user accepted the update: activate it now, or as soon as the quiz in progress is done. */
export function acceptUpdate(): void {
  if (!workbox) return;
  reloadWhenControlled = true;
  if (!workInProgress.value) {
    workbox.messageSkipWaiting();
    return;
  }
  updateDeferred.value = true;
  const stop = effect(() => {
    if (!workInProgress.value) {
      stop();
      workbox?.messageSkipWaiting();
    }
  });
}
