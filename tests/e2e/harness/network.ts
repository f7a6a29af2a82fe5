import type { BrowserContext, Page } from 'playwright-core';
import { connectCdp, type RawCdp } from './raw-cdp';

/** No network at all, for pages and the service worker alike (Playwright's runtime switch). */
export async function goOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
}

export async function goOnline(context: BrowserContext): Promise<void> {
  await context.setOffline(false);
}

/** Every request fails as if the connection dropped; returns a function that lifts the block. */
export async function blockNetwork(context: BrowserContext): Promise<() => Promise<void>> {
  const handler = (route: { abort: (code?: string) => Promise<void> }) => route.abort('internetdisconnected');
  await context.route('**/*', handler);
  return () => context.unroute('**/*', handler);
}

export interface LinkProfile {
  /** Download bandwidth in kilobits per second. */
  downKbps: number;
  upKbps: number;
  /** Added round-trip latency in milliseconds. */
  rttMs: number;
}

/** The slow-2G link of reliability scenario 12 in docs/reliability.md (50 kbps, 2 s round trip). */
export const SLOW_2G: LinkProfile = { downKbps: 50, upKbps: 50, rttMs: 2000 };

const conditions = (link: LinkProfile | null) => ({
  offline: false,
  latency: link?.rttMs ?? 0,
  downloadThroughput: link ? (link.downKbps * 1000) / 8 : -1,
  uploadThroughput: link ? (link.upKbps * 1000) / 8 : -1,
});

/**
 * Throttles the page and every service worker of the profile. Page-level throttling alone does
 * not reach the service worker's own fetches, so the SW target gets its own CDP command.
 * Pass `null` to lift the throttle.
 */
export async function throttleNetwork(page: Page, profileDir: string, link: LinkProfile | null): Promise<void> {
  const session = await page.context().newCDPSession(page);
  await session.send('Network.enable');
  await session.send('Network.emulateNetworkConditions', conditions(link));
  // One browser connection and one session per SW target, reused: emulation set by an earlier
  // session would otherwise stay in force beside the new one.
  const swCdp = await swConnection(profileDir);
  for (const target of await swCdp.cdp.targets('service_worker')) {
    let sessionId = swCdp.sessions.get(target.targetId);
    if (!sessionId) {
      sessionId = await swCdp.cdp.attach(target.targetId);
      swCdp.sessions.set(target.targetId, sessionId);
      await swCdp.cdp.send('Network.enable', {}, sessionId);
    }
    await swCdp.cdp.send('Network.emulateNetworkConditions', conditions(link), sessionId);
  }
}

const connections = new Map<string, { cdp: RawCdp; sessions: Map<string, string> }>();

async function swConnection(profileDir: string) {
  let entry = connections.get(profileDir);
  if (!entry) {
    const cdp = await connectCdp(profileDir);
    // Closing the socket would detach the sessions and undo the emulation: keep it until closeAllCdp().
    cdp.keepAlive();
    entry = { cdp, sessions: new Map() };
    connections.set(profileDir, entry);
  }
  return entry;
}

/** Forgets the SW connections of a profile (after its browser was killed or closed). */
export function forgetCdp(profileDir: string): void {
  connections.get(profileDir)?.cdp.close();
  connections.delete(profileDir);
}

/** Slows the page's CPU by `rate` (4 = a cheap Android phone against this machine). */
export async function throttleCpu(page: Page, rate: number): Promise<void> {
  const session = await page.context().newCDPSession(page);
  await session.send('Emulation.setCPUThrottlingRate', { rate });
}
