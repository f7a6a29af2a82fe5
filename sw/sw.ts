/// <reference lib="webworker" />
// sw.js: a module service worker of a few hundred bytes. Its one import is the app build's chunk
// with the worker's code (vite.config.ts resolves it to that chunk's hashed URL), which imports the
// chunks it shares with the page; this file carries the precache list Workbox injects at build time.
import { startServiceWorker } from './start-service-worker';

declare let self: ServiceWorkerGlobalScope;

startServiceWorker(self.__WB_MANIFEST);
