import type { StoredFile } from '../src/db/course-records';
import { db } from '../src/db/database';

/**
 * The stored course file with this SHA-256, or null when it is not on the device. Read through the
 * app's typed Dexie module (the one schema): when a newer page upgrades the schema, Dexie closes this
 * connection for the upgrade and reopens at the new version on the next read.
 */
export async function readStoredFile(hash: string): Promise<StoredFile | null> {
  return (await db.files.get(hash)) ?? null;
}
