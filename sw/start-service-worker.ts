/// <reference lib="webworker" />
// The service worker's work: precaches the app shell so Lentera opens with no signal at all. Built
// as a chunk of the app's own build (vite.config.ts), so what it shares with the app (Dexie, the
// sync engine) is the same file the page already loaded, not a second copy inside sw.js.
import { clientsClaim } from 'workbox-core';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { listenForBackgroundSync } from './background-sync';
import { routeOnDemandAssets } from './on-demand-assets';
import { OFFLINE_FILE_PATH, serveCourseFile } from './serve-course-file';

declare let self: ServiceWorkerGlobalScope;

/** Starts the service worker with the build's precache list (injected into sw.js, which calls this). */
export function startServiceWorker(precacheList: Array<PrecacheEntry | string>): void {
  // The first install takes control at once, so the very first visit already works offline afterwards.
  clientsClaim();
  // The learner's shell only (vite.config.ts): staff screens and on-demand tools are cached when first used.
  precacheAndRoute(precacheList);
  cleanupOutdatedCaches();
  routeOnDemandAssets();

  // Installed course files come out of IndexedDB, with Range so audio and video seek offline.
  // Registered before the navigation route so that opening a PDF directly works too.
  registerRoute(
    ({ url }) => OFFLINE_FILE_PATH.test(url.pathname),
    ({ request }) => serveCourseFile(request),
  );

  // Every in-app URL (deep links too) opens the precached shell; the API is always the network's.
  registerRoute(
    new NavigationRoute(createHandlerBoundToURL('/index.html'), {
      denylist: [/^\/api\//, /^\/healthz/, /^\/verifikasi\//],
    }),
  );

  // A new version waits until the user accepts it (src/app/sw-bridge), so nothing in progress is cut off.
  self.addEventListener('message', (event: ExtendableMessageEvent) => {
    if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
  });

  // Background Sync (Chromium): the outbox drains even after the tab is closed (src/sync).
  listenForBackgroundSync();
}
