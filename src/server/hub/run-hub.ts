import { backoffDelay } from '../../shared/sync/backoff-delay';
import { log } from '../log';
import type { Store } from '../store/store';
import { applyHubMirror } from './apply-hub-mirror';
import { forwardHubEnrolments } from './forward-enrolments';
import { forwardOutboxBatches } from './forward-outbox';
import { onHubWork } from './hub-wake';
import { mirrorHubChanges } from './mirror-hub-changes';
import { mirrorHubCourses } from './mirror-hub-courses';
import { registerIdentityUpstream } from './register-identity-upstream';
import { fetchHubMirror, fetchHubSelf, UpstreamError, type UpstreamClient } from './upstream-client';

/**
 * How often a hub with nothing waiting looks again. A bundle held or an enrolment queued wakes it at
 * once (`wakeHubForwarder`), so this only bounds how soon a returning uplink is noticed.
 */
export const HUB_IDLE_MS = 5_000;
/**
 * The forwarder's longest wait while the uplink fails: shorter than a phone's, so a returning office
 * uplink is used within minutes. An office may set it lower (`LENTERA_HUB_MAX_BACKOFF_MS`).
 */
export const FORWARD_MAX_BACKOFF_MS = 5 * 60_000;
/** How often the learners' token hashes and device keys are mirrored while the uplink works. */
const MIRROR_EVERY_MS = 5 * 60_000;

export interface RunningHub {
  /** Wakes the forwarder now (a phone just handed over a bundle). */
  wake(): void;
  /** Stops both loops after their current step. */
  stop(): Promise<void>;
}

const setMeta = (store: Store, key: string, value: string) =>
  store.query(`INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
    key,
    value,
  ]);

/**
 * Hub mode's work besides answering phones: one loop forwards `hub_outbox` upstream (oldest first,
 * in batches, full-jitter backoff while the uplink is down), with the enrolments redeemed at the
 * office before it, and mirrors the kecamatan's learners
 * and its courses every few minutes. Uplink up/down is written to `meta` for the status page. Everything it needs to
 * resume is in the store, so a killed hub simply starts this again.
 */
export function runHub(
  store: Store,
  client: UpstreamClient,
  random: () => number = Math.random,
  maxBackoffMs: number = FORWARD_MAX_BACKOFF_MS,
  idleMs: number = HUB_IDLE_MS,
): RunningHub {
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  let woken = false;
  let idle = false;
  let lastMirror = 0;
  let tries = 0;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });
  const step = async (): Promise<number> => {
    const mirrorDue = Date.now() - lastMirror > MIRROR_EVERY_MS;
    if (mirrorDue) {
      const self = lastMirror === 0 ? await fetchHubSelf(client) : null;
      await registerIdentityUpstream(store, client);
      await applyHubMirror(store, await fetchHubMirror(client));
      // Named in the status only once it can check its learners' phones.
      if (self) {
        await setMeta(store, 'hub_id', self.hubId);
        await setMeta(store, 'hub_kecamatan', JSON.stringify(self.kecamatan));
      }
      lastMirror = Date.now();
    }
    // Enrolments first (a few hundred bytes, and the learner's token works upstream only after),
    // then results: they are what the uplink is for. Courses wait behind them.
    await forwardHubEnrolments(store, client);
    const { sent, more } = await forwardOutboxBatches(store, client);
    // Grades come back after the bundles that earn them: right after a forward, and with each mirror.
    if (sent > 0 || mirrorDue) await mirrorHubChanges(store, client);
    if (mirrorDue) {
      try {
        await mirrorHubCourses(store, client);
      } catch (err) {
        // A course that fails (a file that does not match its hash) must not stop the forwarding.
        log('warn', 'hub course mirror failed', { err: err instanceof Error ? err.message : String(err) });
        lastMirror = Date.now() - MIRROR_EVERY_MS + 60_000; // again in a minute
      }
    }
    return more ? 0 : sent > 0 ? 0 : idleMs;
  };
  const loop = (async () => {
    while (!stopped) {
      let wait: number;
      try {
        wait = await step();
        await setMeta(store, 'hub_uplink', 'up');
        tries = 0;
      } catch (err) {
        if (stopped) break;
        tries++;
        wait = backoffDelay(tries, random(), 0, maxBackoffMs);
        const message = err instanceof Error ? err.message : String(err);
        log(err instanceof UpstreamError && err.status === 401 ? 'error' : 'warn', 'hub uplink failed', {
          tries,
          waitMs: wait,
          err: message,
        });
        await setMeta(store, 'hub_uplink', 'down').catch(() => {});
      }
      // Woken during a step that went through: the step may have read the outbox just before.
      if (woken && tries === 0) wait = 0;
      woken = false;
      idle = tries === 0;
      if (!stopped && wait > 0) await sleep(wait);
      idle = false;
    }
  })();
  // A wake ends an idle wait only: while the uplink fails, the backoff stands (fifty phones pushing
  // at the office must not make the hub hammer a dead uplink once per push).
  const wake = () => {
    if (wakeUp) {
      if (idle) wakeUp();
    } else woken = true;
  };
  const unregister = onHubWork(store, wake);
  return {
    wake,
    stop: async () => {
      unregister();
      stopped = true;
      wakeUp?.();
      await loop;
    },
  };
}
