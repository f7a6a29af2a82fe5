import type { LenteraDatabase } from '../../db/database';
import { readState, writeState } from '../../db/sync-state';

const MARKER_KEY = 'lentera.storageMarker';

export type StorageCheck = 'ok' | 'first-start' | 'wiped';

/**
 * Tells a first start from a database the browser deleted behind our back (Android eviction of
 * unpersisted storage, or site data cleared): a random marker lives both in localStorage and in
 * IndexedDB, and the two disagree only when one of them was wiped. A wiped database may have held
 * unsent work, so the learner must be told.
 */
export async function detectStorageWipe(db: LenteraDatabase, storage: Storage = localStorage): Promise<StorageCheck> {
  const remembered = storage.getItem(MARKER_KEY);
  const stored = await readState(db, 'storageMarker');
  if (remembered && stored === remembered) return 'ok';
  const marker = stored ?? crypto.randomUUID();
  if (!stored) await writeState(db, 'storageMarker', marker);
  storage.setItem(MARKER_KEY, marker);
  return remembered && !stored ? 'wiped' : 'first-start';
}
