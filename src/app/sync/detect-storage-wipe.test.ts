// @vitest-environment node
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LenteraDatabase } from '../../db/database';
import { detectStorageWipe } from './detect-storage-wipe';
import { syncErrorMessage } from './format-sync-error';

/** A Storage with nothing but what the check uses. */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

describe('17. IndexedDB wiped or quota exceeded → detected and shown', () => {
  it('tells a first start from a database the browser deleted', async () => {
    const name = `wipe-${Math.random()}`;
    const storage = memoryStorage();
    let db = new LenteraDatabase(name);
    expect(await detectStorageWipe(db, storage)).toBe('first-start');
    expect(await detectStorageWipe(db, storage)).toBe('ok');
    // The browser evicts IndexedDB; localStorage survives.
    db.close();
    await db.delete();
    db = new LenteraDatabase(name);
    expect(await detectStorageWipe(db, storage)).toBe('wiped');
    // Told once: the next start is normal again.
    expect(await detectStorageWipe(db, storage)).toBe('ok');
    db.close();
    await db.delete();
  });

  it('a full disk while syncing is named as such, not as a server problem', () => {
    expect(syncErrorMessage({ kind: 'quota' }, false)).toBe('sync.error.quota');
  });
});
