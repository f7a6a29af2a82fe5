// The e2e harness later tests reuse: a real server, a real Chromium, and ways to break the network.
export { chromiumAvailable, chromiumPath } from './chromium-path';
export { launchBrowser, type BrowserHandle } from './launch-browser';
export { blockNetwork, goOffline, goOnline, SLOW_2G, throttleCpu, throttleNetwork, type LinkProfile } from './network';
export { closeAllCdp, connectCdp } from './raw-cdp';
export { readIndexedDB } from './read-indexeddb';
export { decodePng, readQrCode } from './read-qr-code';
export { signInWithPassword } from './sign-in-with-password';
export { startServer, type ServerHandle } from './start-server';
export { waitForServiceWorker } from './wait-for-service-worker';
export { buildAppVersion, copyCurrentBuild, deployBuild } from './app-versions';
export { useServerAndBrowser, type Session } from './use-server-and-browser';
