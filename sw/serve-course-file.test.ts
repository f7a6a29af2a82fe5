// @vitest-environment node
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { LenteraDatabase } from '../src/db/database';
import { serveCourseFile } from './serve-course-file';

const HASH = 'f'.repeat(64);
const bytes = Uint8Array.from({ length: 5000 }, (_, i) => i % 251);
const get = (range?: string, hash = HASH) =>
  serveCourseFile(new Request(`https://app.test/offline/files/${hash}`, { headers: range ? { Range: range } : {} }));

describe('service worker: course files from IndexedDB', () => {
  beforeAll(async () => {
    // Written by the app's Dexie database, read back by the service worker's route.
    const db = new LenteraDatabase('lentera');
    await db.files.put({
      hash: HASH,
      blob: new Blob([bytes], { type: 'audio/wav' }),
      size: bytes.length,
      type: 'audio/wav',
    });
    db.close();
  });

  it('serves the whole file with its type', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  });

  it('answers a Range with 206 and exactly those bytes (seeking)', async () => {
    const res = await get('bytes=4000-');
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 4000-4999/5000');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes.slice(4000));
  });

  it('answers 416 outside the file and 404 for a file not on the device', async () => {
    const res = await get('bytes=9000-');
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('bytes */5000');
    expect((await get(undefined, '0'.repeat(64))).status).toBe(404);
  });
});
