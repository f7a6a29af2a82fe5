import type { LenteraDatabase } from './database';

/**
 * Every key the phone keeps in the `syncState` table, with the type of its value: the one list,
 * so a misspelt key or a value of the wrong type fails the type-check instead of reading `undefined`.
 */
export interface SyncStateValues {
  /** Last per-device sequence number handed out (`enqueueOutbox`); never reused. */
  deviceSeq: number;
  /** This phone's id, for the service worker (which has no localStorage). */
  deviceId: string;
  /** The server epoch last seen; a different one means the server was restored (`checkServerEpoch`). */
  serverEpoch: string;
  /** The last hybrid logical clock this device issued or saw. */
  hlc: string;
  /** When a sync last finished with nothing left to send and nobody to sign in again. */
  lastSuccessAt: number;
  /** The adapted push batch size, kept between runs. */
  pushBatchSize: number;
  /** The marker that tells a first start from a wiped database (`detectStorageWipe`). */
  storageMarker: string;
  /** Pull checkpoint per learner. */
  [pull: `pull:${string}`]: string;
  /** The 401 code the server last gave a learner's token; removed once a push is accepted. */
  [auth: `auth:${string}`]: string;
  /** When this learner's outbox was last reconciled with the server. */
  [reconciled: `reconciledAt:${string}`]: number;
  /** The kecamatan office's hub this phone syncs with first when it answers (Settings → "Hub kantor"). */
  hub: HubSetting;
  /**
   * The identity key fingerprints of the hubs of the learner's kecamatan, from the national pull
   * (`null`: revoked): a hub typed by address is checked against these; a revoked one is never trusted.
   */
  hubKeys: Record<string, string | null>;
  /**
   * Per server origin: the item packing its last push answer said it reads (`diff/1`), or
   * `NO_PACKING` when it refused a packed push or its answer listed none. Absent for a server not
   * pushed to yet: that one is sent packed items first (`pushOutbox`).
   */
  [packing: `pushPacking:${string}`]: string;
  /** A hub's own store epoch, kept apart from the national one so switching between them resets nothing. */
  [hubEpoch: `serverEpoch:${string}`]: string;
}

/** A hub set on this phone: where it is, which hub it must be, and its kecamatan to show. */
export interface HubSetting {
  /** The hub's origin, e.g. `http://192.168.1.10:8080`. */
  baseUrl: string;
  hubId: string;
  kecamatan: { code: string; name: string } | null;
  setAt: number;
  /**
   * The fingerprint of the hub's identity key the phone pinned (the QR's `k=`, else the national
   * pull's): every probe must be signed by that key. Absent on hubs set by older app versions.
   */
  keyFingerprint?: string;
}

export type SyncStateKey = keyof SyncStateValues;

/** A stored row; `value` has the type its key says. */
export type SyncStateRecord = { [K in SyncStateKey]: { key: K; value: SyncStateValues[K] } }[SyncStateKey];

/** The keys kept per learner. */
export const pullKey = (learnerId: string) => `pull:${learnerId}` as const;
export const authKey = (learnerId: string) => `auth:${learnerId}` as const;
export const packingKey = (baseUrl: string) => `pushPacking:${baseUrl}` as const;
/** The `pushPacking:<origin>` value of a server that reads plain items only. */
export const NO_PACKING = 'none';
export const reconciledAtKey = (learnerId: string) => `reconciledAt:${learnerId}` as const;
export const hubEpochKey = (hubId: string) => `serverEpoch:${hubId}` as const;

/** Reads one value; inside a transaction that lists `db.syncState` it takes part in it. */
export async function readState<K extends SyncStateKey>(
  db: LenteraDatabase,
  key: K,
): Promise<SyncStateValues[K] | undefined> {
  const record = await db.syncState.get(key);
  return record?.value as SyncStateValues[K] | undefined;
}

/** Writes one value; inside a transaction that lists `db.syncState` it takes part in it. */
export async function writeState<K extends SyncStateKey>(
  db: LenteraDatabase,
  key: K,
  value: SyncStateValues[K],
): Promise<void> {
  await db.syncState.put({ key, value } as SyncStateRecord);
}

/** Removes one value. */
export async function deleteState(db: LenteraDatabase, key: SyncStateKey): Promise<void> {
  await db.syncState.delete(key);
}
