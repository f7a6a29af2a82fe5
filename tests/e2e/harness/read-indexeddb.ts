import type { Page } from 'playwright-core';

/**
 * Reads every record of one object store straight from IndexedDB (not through the app's code),
 * so a test sees what is really on the phone.
 */
export async function readIndexedDB<T = unknown>(page: Page, dbName: string, storeName: string): Promise<T[]> {
  return page.evaluate(
    ([name, store]) =>
      new Promise<T[]>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const database = request.result;
          if (!database.objectStoreNames.contains(store)) {
            database.close();
            resolve([]);
            return;
          }
          const getAll = database.transaction(store, 'readonly').objectStore(store).getAll();
          getAll.onsuccess = () => {
            database.close();
            resolve(getAll.result as T[]);
          };
          getAll.onerror = () => reject(getAll.error);
        };
      }),
    [dbName, storeName] as const,
  );
}
