import type { LenteraDatabase } from './database';

/**
 * Stores the current text of a form field, so a crash right after typing keeps it. Its own strict
 * transaction (the database's default), so the entry is on disk when the promise settles.
 */
export async function saveDraft(db: LenteraDatabase, key: string, value: string, now = Date.now()): Promise<void> {
  await db.drafts.put({ key, value, updatedAt: now });
}
