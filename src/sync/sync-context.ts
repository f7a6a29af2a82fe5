import type { LenteraDatabase } from '../db/database';
import { localNetworkInit } from '../shared/hub/local-network-init';

/** Everything the sync engine needs from its surroundings; tests pass fakes, the app and SW the real ones. */
export interface SyncContext {
  db: LenteraDatabase;
  /** '' in the browser (same origin); `http://127.0.0.1:port` in Node tests. */
  baseUrl: string;
  deviceId: string;
  fetch: typeof fetch;
  now: () => number;
  /** 0..1, for backoff jitter. */
  random: () => number;
  /** Abort a request that has not answered after this long; a 2G window must not hang the engine. */
  requestTimeoutMs: number;
  /**
   * Set when this run talks to the kecamatan office's hub at `baseUrl` (`chooseSyncTarget`): its
   * epoch and pull checkpoints are its own, and it answers pushes `held`.
   */
  hub?: { hubId: string };
  /** Called as items are confirmed, for the progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/** Defaults for the browser. */
export function browserSyncContext(db: LenteraDatabase, deviceId: string): SyncContext {
  return {
    db,
    baseUrl: '',
    deviceId,
    // Requests go to the hub once chooseSyncTarget picked it (see localNetworkInit).
    fetch: (input, init) => fetch(input, localNetworkInit(String(input), init)),
    now: () => Date.now(),
    random: () => Math.random(),
    requestTimeoutMs: 30_000,
  };
}
