/// <reference lib="webworker" />
// Staff screens and on-demand tools (the certificate PDF writer, the QR decoder) are left out of the
// precache (vite.config.ts, learnerPrecache), so a learner's phone never downloads them. A phone
// that opens one of them with a signal is one that uses them: it gets the whole group then, in the
// background, and keeps it for offline use. The build lists the group in ON_DEMAND_LIST, which is
// precached, so the list always belongs to this service worker's version; activating a new version
// drops the files it no longer lists.
import { matchPrecache } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';

declare let self: ServiceWorkerGlobalScope;

export const ON_DEMAND_LIST = '/on-demand-assets.json';
const CACHE = 'lentera-on-demand';

/** The on-demand files of this version (absolute paths), from the precached list. */
async function listed(): Promise<string[]> {
  const res = await matchPrecache(ON_DEMAND_LIST);
  return res ? ((await res.json()) as string[]) : [];
}

let groupCached: Promise<void> | undefined;

/** Every listed file not cached yet; one that fails now is fetched when it is next used. */
async function cacheGroup(cache: Cache): Promise<void> {
  const urls = await listed();
  await Promise.allSettled(urls.map(async (url) => (await cache.match(url)) ?? cache.add(url)));
}

/**
 * On a first install the page loads before this worker controls it, so a staff screen opened on
 * that first visit never passed through here; the browser's HTTP cache still holds it. Any listed
 * file found there means this phone uses the group: cache it now, while there is a signal.
 */
async function cacheGroupIfUsed(): Promise<void> {
  const urls = await listed();
  const inHttpCache = await Promise.all(
    urls.map((url) =>
      fetch(url, { cache: 'only-if-cached', mode: 'same-origin' }).then(
        (res) => res.ok,
        () => false,
      ),
    ),
  );
  if (inHttpCache.some(Boolean)) {
    const cache = await caches.open(CACHE);
    groupCached ??= cacheGroup(cache).catch(() => {
      groupCached = undefined;
    });
    await groupCached;
  }
}

/** Removes cached files the current version does not list (an older version's chunks). */
async function dropUnlisted(): Promise<void> {
  const keep = new Set(await listed());
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    if (!keep.has(new URL(request.url).pathname)) await cache.delete(request);
  }
}

/**
 * Serves /assets/ files that are not precached cache-first (their names are content hashes, so a
 * cached file is never stale). Register after `precacheAndRoute`, whose route answers precached files.
 */
export function routeOnDemandAssets(): void {
  registerRoute(
    ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'),
    async ({ request, event }) => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(request);
      if (hit) return hit;
      const res = await fetch(request);
      if (res.ok) {
        await cache.put(request, res.clone());
        groupCached ??= cacheGroup(cache).catch(() => {
          groupCached = undefined; // try again on the next on-demand file
        });
        (event as ExtendableEvent).waitUntil(groupCached);
      }
      return res;
    },
  );
  self.addEventListener('activate', (event) => event.waitUntil(dropUnlisted().then(cacheGroupIfUsed)));
}
