import { toBase64 } from '../shared/course/bytes';
import type { LenteraDatabase } from './database';

/**
 * This phone's signing key for one learner. The private key is made non-extractable and kept as the
 * CryptoKey object itself (IndexedDB stores it by structured clone), so no script can read it out;
 * only this origin can sign with it. The server knows the public half once `registeredAt` is set.
 */
export interface DeviceKeyRecord {
  learnerId: string;
  /** The device the key was made on; a record for another device id (storage copied) is not used. */
  deviceId: string;
  keyPair: CryptoKeyPair;
  /** SPKI, standard base64: what `POST /api/devices/key` registers. */
  publicKey: string;
  createdAt: number;
  /** When the server confirmed the key (201 or 200); until then pushes go unsigned. */
  registeredAt?: number;
  /** The app version the server was told at registration; a newer app registers again to update it. */
  appVersion?: string;
  /** When the server last refused to register it (and its code): tried again a day later, not every sync. */
  refused?: { at: number; code: string };
}

/** An outbox item written into a result file ("dibawa lewat file") that the server has not yet confirmed. */
export interface CarriedItem {
  /** The outbox item's id. */
  id: string;
  learnerId: string;
  fileName: string;
  carriedAt: number;
}

/** The learner's key on this device, if one was made here. */
export async function readDeviceKey(
  db: LenteraDatabase,
  learnerId: string,
  deviceId: string,
): Promise<DeviceKeyRecord | undefined> {
  const record = await db.deviceKeys.get(learnerId);
  return record?.deviceId === deviceId ? record : undefined;
}

/** A new ECDSA P-256 key pair, its private half non-extractable, with its public half as SPKI base64. */
export async function makeKeyPair(): Promise<Pick<DeviceKeyRecord, 'keyPair' | 'publicKey'>> {
  const keyPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  // The public half of a pair is always exportable, whatever `extractable` says for the private one.
  const publicKey = toBase64(new Uint8Array(await crypto.subtle.exportKey('spki', keyPair.publicKey)));
  return { keyPair, publicKey };
}

/** Makes a new ECDSA P-256 key pair for the learner on this device (replacing any old one) and keeps it. */
export async function createDeviceKey(
  db: LenteraDatabase,
  learnerId: string,
  deviceId: string,
  now: number,
): Promise<DeviceKeyRecord> {
  const record: DeviceKeyRecord = { learnerId, deviceId, ...(await makeKeyPair()), createdAt: now };
  await db.deviceKeys.put(record);
  return record;
}

/**
 * Keeps a key pair a hub took with the learner's enrolment code (docs/hub.md) as the learner's key
 * on this device, registered: the hub forwards it upstream with the redemption, so pushes are signed
 * with it from now on, at the office and at home. No `appVersion`: the first sync at home registers
 * the same key again (200), which tells the national server the app's version.
 */
export async function keepHubHeldKey(
  db: LenteraDatabase,
  learnerId: string,
  deviceId: string,
  pair: Pick<DeviceKeyRecord, 'keyPair' | 'publicKey'>,
  now: number,
): Promise<void> {
  await db.deviceKeys.put({ learnerId, deviceId, ...pair, createdAt: now, registeredAt: now });
}

/** Notes that the server holds this key (told `appVersion`): pushes of the learner are signed from now on. */
export async function markDeviceKeyRegistered(
  db: LenteraDatabase,
  record: DeviceKeyRecord,
  now: number,
  appVersion?: string,
) {
  await db.deviceKeys
    .where('learnerId')
    .equals(record.learnerId)
    .modify((r) => {
      r.registeredAt = now;
      if (appVersion !== undefined) r.appVersion = appVersion;
      delete r.refused;
    });
}

/** Notes that the server would not take the key on this token; pushes stay unsigned meanwhile. */
export async function markDeviceKeyRefused(db: LenteraDatabase, learnerId: string, code: string, now: number) {
  await db.deviceKeys.update(learnerId, { refused: { at: now, code } });
}

/** Forgets the learner's key (the server revoked it or holds another): the next registration makes a new one. */
export async function dropDeviceKey(db: LenteraDatabase, learnerId: string): Promise<void> {
  await db.deviceKeys.delete(learnerId);
}
