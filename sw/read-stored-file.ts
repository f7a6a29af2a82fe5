// Reads a course file out of the app's IndexedDB with the raw API: the service worker must not
// take part in Dexie schema upgrades (src/db/database.ts owns the schema), it only reads.

interface StoredFile {
  hash: string;
  blob: Blob;
  type: string;
}

let connection: Promise<IDBDatabase | null> | null = null;

function openExisting(name: string): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    const request = indexedDB.open(name);
    // No database yet (nothing downloaded): do not create an empty one behind the app's back.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = () => resolve(null);
    request.onsuccess = () => {
      const db = request.result;
      // Let the app upgrade its schema: close, and reopen on the next request.
      db.onversionchange = () => {
        db.close();
        connection = null;
      };
      resolve(db);
    };
  });
}

/** The stored file with this SHA-256, or null when it is not on the device. */
export async function readStoredFile(hash: string, dbName = 'lentera'): Promise<StoredFile | null> {
  connection ??= openExisting(dbName);
  const db = await connection;
  if (!db) {
    connection = null;
    return null;
  }
  if (!db.objectStoreNames.contains('files')) return null;
  return new Promise((resolve, reject) => {
    const request = db.transaction('files', 'readonly').objectStore('files').get(hash);
    request.onsuccess = () => resolve((request.result as StoredFile | undefined) ?? null);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB read failed'));
  });
}
