import { onTestFinished } from 'vitest';
import { LenteraDatabase } from '../../../src/db/database';

/**
 * A fresh device database under a name no other test uses, closed and deleted when the current
 * test finishes. Call it inside a test (or a `beforeEach`), with `fake-indexeddb/auto` imported.
 */
export function openTestDatabase(prefix = 'test'): LenteraDatabase {
  const db = new LenteraDatabase(`${prefix}-${Math.random()}`);
  onTestFinished(async () => {
    db.close();
    await db.delete();
  });
  return db;
}
