import type { LenteraDatabase } from './database';

/** Stores the current text of a form field, so a crash right after typing keeps it. */
export async function saveDraft(db: LenteraDatabase, key: string, value: string): Promise<void> {
  await db.drafts.put({ key, value, updatedAt: Date.now() });
}
