// The service worker's precache list as the build injected it into sw.js (Workbox's
// `{"revision":…,"url":…}` entries): what a first visit downloads a second time, in the background.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PrecacheEntry {
  url: string;
  /** null for hashed file names (fetched as they are, so the HTTP cache can answer); else a revision
   * that Workbox appends as `__WB_REVISION__`, which always makes a request of its own. */
  revision: string | null;
}

/** The precache entries of the built `staticDir/sw.js`, once per URL. */
export function precacheEntries(staticDir: string): PrecacheEntry[] {
  const sw = readFileSync(join(staticDir, 'sw.js'), 'utf8');
  const seen = new Map<string, PrecacheEntry>();
  for (const m of sw.matchAll(/\{"revision":(null|"[^"]*"),"url":"([^"]+)"\}/g)) {
    const url = `/${m[2]!.replace(/^\//, '')}`;
    seen.set(url, { url, revision: m[1] === 'null' ? null : JSON.parse(m[1]!) });
  }
  if (seen.size === 0) throw new Error(`no precache entries found in ${join(staticDir, 'sw.js')}`);
  return [...seen.values()];
}
