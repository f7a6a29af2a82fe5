import type { LenteraDatabase } from '../../db/database';
import { readDeviceKey } from '../../db/device-key';
import type { Profile } from '../../db/profile';
import { RESULT_FILE_EXTENSION, RESULT_FILE_FORMAT, type ResultFile } from '../../shared/sync/bundle';
import { gzipJson } from '../../sync/gzip-json';
import { signBundle } from '../../sync/sign-bundle';

export type WriteResultFile =
  | { kind: 'nothing' }
  /** The server does not know this phone's key yet: a file it signed would be refused (`unknown_device`). */
  | { kind: 'needs_key' }
  | { kind: 'ready'; file: File; ids: string[] };

/** `lentera-hasil-<username>-<yyyymmdd-hhmm>.lentera`: a name a person can tell apart in a chat. */
export function resultFileName(username: string, now: number): string {
  const d = new Date(now);
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}`;
  const who =
    username
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'peserta';
  return `lentera-hasil-${who}-${stamp}${RESULT_FILE_EXTENSION}`;
}

/**
 * Writes every pending outbox item of the learner into one result file: one bundle signed once by
 * this phone's registered key, in a `lentera-hasil/1` envelope, gzipped. Nothing on the phone
 * changes here; the caller marks the items carried once the file was shared or saved.
 */
export async function writeResultFile(
  db: LenteraDatabase,
  deviceId: string,
  learner: Pick<Profile, 'id' | 'username'>,
  now: number,
): Promise<WriteResultFile> {
  const rows = await db.outbox
    .where('learnerId')
    .equals(learner.id)
    .filter((r) => r.state === 'pending')
    .sortBy('seq');
  if (rows.length === 0) return { kind: 'nothing' };
  const key = await readDeviceKey(db, learner.id, deviceId);
  if (!key?.registeredAt) return { kind: 'needs_key' };
  // A finished attempt's row carries its answers before its own item: `rowItems`, written out here
  // because importing it into this chunk splits a shared chunk off the first load (~200 B gzip).
  const items = rows.flatMap((r) => [...(r.answers ?? []), r.item]);
  const bundle = await signBundle({ deviceId, learnerId: learner.id, items, createdAt: now }, key.keyPair.privateKey);
  const envelope: ResultFile = { format: RESULT_FILE_FORMAT, bundle: bundle.text, signature: bundle.signature };
  const bytes = await gzipJson(envelope);
  const file = new File([bytes], resultFileName(learner.username, now), { type: 'application/octet-stream' });
  return { kind: 'ready', file, ids: items.map((i) => i.id) };
}

/** Marks items as carried by this file ("dibawa lewat file") until the server confirms them. */
export async function markCarried(
  db: LenteraDatabase,
  learnerId: string,
  ids: string[],
  fileName: string,
  now: number,
): Promise<void> {
  await db.carriedItems.bulkPut(ids.map((id) => ({ id, learnerId, fileName, carriedAt: now })));
}
