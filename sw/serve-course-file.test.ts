// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { db, LenteraDatabase } from '../src/db/database';
import { serveCourseFile } from './serve-course-file';

const HASH = 'f'.repeat(64);
const VIDEO = 'e'.repeat(64);
const bytes = Uint8Array.from({ length: 5000 }, (_, i) => i % 251);
// A "video" stored in chunks as a download leaves them: uneven sizes (a server may answer short).
const CHUNK_SIZES = [4096, 4096, 1000, 4096, 4096, 2000];
const video = Uint8Array.from({ length: CHUNK_SIZES.reduce((a, b) => a + b, 0) }, (_, i) => (i * 7) % 256);

const get = (range?: string, hash = HASH) =>
  serveCourseFile(new Request(`https://app.test/offline/files/${hash}`, { headers: range ? { Range: range } : {} }));

describe('service worker: course files from IndexedDB', () => {
  beforeAll(async () => {
    // Written by the app's Dexie database, read back by the service worker's route.
    const writer = new LenteraDatabase('lentera');
    await writer.files.put({
      hash: HASH,
      blob: new Blob([bytes], { type: 'audio/wav' }),
      size: bytes.length,
      type: 'audio/wav',
    });
    let start = 0;
    for (const size of CHUNK_SIZES) {
      await writer.fileChunks.put({ hash: VIDEO, start, blob: new Blob([video.slice(start, start + size)]) });
      start += size;
    }
    await writer.files.put({ hash: VIDEO, size: video.length, type: 'video/mp4', chunked: true });
    writer.close();
  });
  afterEach(() => vi.restoreAllMocks());

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

  it('assembles a Range of a chunked file across chunk borders, reading only the chunks it covers', async () => {
    const reads = vi.spyOn(db.fileChunks, 'get');
    const res = await get('bytes=8000-10000', VIDEO);
    expect(res.status).toBe(206);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-range')).toBe(`bytes 8000-10000/${video.length}`);
    expect(res.headers.get('content-length')).toBe('2001');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(video.slice(8000, 10001));
    // 8000 lies in the 2nd chunk (4096–8191): it is found by the index, then the 3rd and 4th are read.
    expect(reads.mock.calls.map(([key]) => key)).toEqual([
      [VIDEO, 8192],
      [VIDEO, 9192],
    ]);
  });

  it('streams the whole chunked file for a request without Range and for "bytes=0-"', async () => {
    const whole = await get(undefined, VIDEO);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(video.length));
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(video);
    const open = await get('bytes=0-', VIDEO);
    expect(open.status).toBe(206);
    expect(new Uint8Array(await open.arrayBuffer())).toEqual(video);
  });

  it('serves the last byte of a chunked file, and 416 one byte beyond its end', async () => {
    const last = await get(`bytes=${video.length - 1}-`, VIDEO);
    expect(last.status).toBe(206);
    expect(new Uint8Array(await last.arrayBuffer())).toEqual(video.slice(-1));
    const beyond = await get(`bytes=${video.length}-`, VIDEO);
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${video.length}`);
  });

  it('a chunk gone missing (storage evicted) fails the body instead of sending wrong bytes', async () => {
    vi.spyOn(db.fileChunks, 'get').mockResolvedValue(undefined);
    const res = await get('bytes=0-', VIDEO);
    expect(res.status).toBe(206);
    await expect(res.arrayBuffer()).rejects.toThrow();
  });
});
