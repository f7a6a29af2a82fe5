// @vitest-environment node
import 'fake-indexeddb/auto';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { demoPackage, generatePublisherKey } from '../../../tests/server/course-fixture';
import type { PublisherKey } from '../../cli/course/publisher-key';
import type { DownloadState } from '../../db/course-records';
import { LenteraDatabase } from '../../db/database';
import { FILE_CHUNK_BYTES, type CourseManifest } from '../../shared/course/manifest';
import { sha256Hex } from '../../shared/course/bytes';
import { signManifest } from '../../shared/course/manifest-signature';
import { FakeCourseServer } from './fake-course-server';
import { chunksOf, storedFileBlob, storedPrefix } from '../../db/file-chunks';
import { removeUnusedFiles } from './activate-course';
import { PIECE_REFETCHES, WHOLE_FILE_MAX_BYTES } from './download-file';
import { runDownload, startDownload } from './run-download';

const COURSE = 'perencanaan-pembangunan-desa';
let key: PublisherKey;
let v1: Awaited<ReturnType<typeof demoPackage>>;
let v2: Awaited<ReturnType<typeof demoPackage>>;
let server: FakeCourseServer;
let db: LenteraDatabase;

function serve(pkg: typeof v1) {
  server.envelopes.set(COURSE, pkg.envelope);
  for (const [hash, bytes] of pkg.files) server.files.set(hash, bytes);
}

const run = (
  extra: {
    signal?: AbortSignal;
    chunkBytes?: number;
    withoutVideo?: boolean;
    onProgress?: (state: DownloadState) => void;
  } = {},
) =>
  startDownload(db, COURSE, {
    token: 't',
    ...(extra.withoutVideo !== undefined && { withoutVideo: extra.withoutVideo }),
    chunkBytes: extra.chunkBytes ?? 8192,
    signal: extra.signal ?? new AbortController().signal,
    onProgress: extra.onProgress ?? (() => {}),
    retryDelayMs: () => 1,
  });

/** Starts a download and pauses it, as the card's "Jeda" does, at the first progress `stopAt` accepts. */
function runUntil(stopAt: (state: DownloadState) => boolean, chunkBytes: number) {
  const controller = new AbortController();
  return run({
    chunkBytes,
    signal: controller.signal,
    onProgress: (state) => {
      if (stopAt(state)) controller.abort();
    },
  });
}

/** Continues a stored download through a fresh database object over the same IndexedDB: the app after a restart. */
async function resumeAfterRestart(
  id: string,
  chunkBytes: number,
  onProgress: (state: DownloadState) => void = () => {},
) {
  const reopened = new LenteraDatabase(db.name);
  const done = await runDownload(reopened, id, {
    token: 't',
    chunkBytes,
    signal: new AbortController().signal,
    onProgress,
  });
  return { done, reopened };
}

beforeAll(async () => {
  key = await generatePublisherKey();
  v1 = await demoPackage(key);
  v2 = await demoPackage(key, {
    version: '1.1.0',
    edit: (dir) => appendFile(join(dir, 'lessons/05-pagu-indikatif.md'), '\nTambahan.\n'),
  });
});

beforeEach(() => {
  server = new FakeCourseServer();
  vi.stubGlobal('fetch', server.fetch);
  db = new LenteraDatabase(`download-${Math.random()}`);
});
afterEach(() => vi.unstubAllGlobals());

const installedVersion = async () => (await db.courses.get(COURSE))?.activeVersion;
const audioOf = (m: CourseManifest) => m.files.find((f) => f.type === 'audio/wav')!;
const videoOf = (m: CourseManifest) => m.files.find((f) => f.type === 'video/mp4')!;

describe('course download', () => {
  it('downloads every file, verifies it and activates the version', async () => {
    serve(v1);
    const done = await run();
    expect(done.status).toBe('done');
    expect(await installedVersion()).toBe('1.0.0');
    expect(await db.files.count()).toBe(v1.built.manifest.files.length);
    expect(await db.downloads.count()).toBe(0);
    expect(server.totalDelivered()).toBe(v1.built.manifest.files.reduce((s, f) => s + f.size, 0));
  });

  it('after the connection drops twice mid-file, refetches at most the chunk in flight each time', async () => {
    serve(v1);
    const audio = audioOf(v1.built.manifest);
    const total = v1.built.manifest.files.reduce((s, f) => s + f.size, 0);
    // Both cuts inside the audio (the video, fetched by 256 KiB pieces, has its own test below).
    const files = v1.built.manifest.files;
    const audioStart = files.slice(0, files.indexOf(audio)).reduce((s, f) => s + f.size, 0);
    server.cutAt = [audioStart + 10_000, audioStart + 20_000];
    const done = await run({ chunkBytes: 8192 });
    expect(done.status).toBe('done');
    expect(server.cutAt).toEqual([]);
    expect(await installedVersion()).toBe('1.0.0');
    expect(server.totalDelivered()).toBeGreaterThan(total);
    expect(server.totalDelivered()).toBeLessThanOrEqual(total + 2 * 8192);
    expect(await db.files.get(audio.hash)).toBeDefined();
  });

  it('resumes after an app restart from the chunks already saved', async () => {
    serve(v1);
    const paused = await runUntil((s) => s.bytesDone > s.bytesTotal / 3, 4096);
    expect(paused.status).toBe('paused');
    expect(paused.bytesDone).toBeGreaterThan(0);
    const before = server.totalDelivered();
    const { done } = await resumeAfterRestart(paused.id, 4096);
    expect(done.status).toBe('done');
    const total = v1.built.manifest.files.reduce((s, f) => s + f.size, 0);
    expect(server.totalDelivered() - before).toBeLessThanOrEqual(total - paused.bytesDone + 4096);
  });

  it('keeps a large file (the demo video) in its chunks, byte for byte, and small ones whole', async () => {
    serve(v1);
    await run({ chunkBytes: 65536 });
    const video = videoOf(v1.built.manifest);
    expect(video.size).toBeGreaterThan(WHOLE_FILE_MAX_BYTES);
    const stored = await db.files.get(video.hash);
    expect(stored).toMatchObject({ chunked: true, size: video.size, type: 'video/mp4' });
    expect(stored?.blob).toBeUndefined();
    // Fetched and stored on the manifest's 256 KiB pieces, each checked against its own SHA-256.
    const chunks = await chunksOf(db, video.hash);
    expect(chunks.map((c) => c.start)).toEqual(video.chunks!.map((_, i) => i * FILE_CHUNK_BYTES));
    const bytes = Buffer.from(await (await storedFileBlob(db, stored!)).arrayBuffer());
    expect(bytes.equals(server.files.get(video.hash)!)).toBe(true);
    // Everything else is one blob, with no chunk left behind.
    const audio = await db.files.get(audioOf(v1.built.manifest).hash);
    expect(audio?.blob?.size).toBe(audio?.size);
    expect(new Set((await db.fileChunks.toArray()).map((c) => c.hash))).toEqual(new Set([video.hash]));
  });

  it('reports each stored piece from the record its update wrote, not by reading the record again (its manifest grows with the file)', async () => {
    serve(v1);
    const video = videoOf(v1.built.manifest);
    const pieces = video.chunks!.length;
    expect(pieces).toBeGreaterThan(3);
    const reads = vi.spyOn(db.downloads, 'get');
    const writes = vi.spyOn(db.downloads, 'update');
    const seen: DownloadState[] = [];
    const writesAt: number[] = [];
    // The clock stands still: only the first and last piece write, however slow a loaded machine
    // makes each piece (a real clock would add a write per RECORD_EVERY_MS, by design).
    vi.useFakeTimers({ toFake: ['Date'] });
    onTestFinished(() => void vi.useRealTimers());
    const done = await run({
      chunkBytes: 65536,
      onProgress: (s) => {
        seen.push(structuredClone(s));
        writesAt.push(writes.mock.calls.length);
      },
    });
    expect(done.status).toBe('done');
    // The run's start reads it (2 reads in all), not each stored piece (26 before: one per piece of
    // every file); fewer reads than the video alone has pieces.
    expect(reads.mock.calls.length).toBeLessThan(pieces);
    // Nor is it rewritten per piece: after the video's first stored piece, only its last one writes
    // (one per piece before; with a moving clock, also at most one per RECORD_EVERY_MS).
    const videoAt = seen.flatMap((s, i) => (s.status === 'running' && s.partial?.hash === video.hash ? [i] : []));
    expect(writesAt[videoAt.at(-1)!]! - writesAt[videoAt[0]!]!).toBe(1);
    // The card still moves with every piece of the video, each report what was stored then.
    const videoReports = seen.filter((s) => s.status === 'running' && s.partial?.hash === video.hash);
    expect(videoReports.map((s) => s.partial!.received)).toEqual(
      video.chunks!.map((_, i) => Math.min((i + 1) * FILE_CHUNK_BYTES, video.size)),
    );
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.bytesDone).toBeGreaterThanOrEqual(seen[i - 1]!.bytesDone);
    expect(seen.at(-1)!.bytesDone).toBe(done.bytesTotal);
  });

  it('closed between two writes of the record (it lags the stored pieces): the resumed run counts every stored piece once', async () => {
    serve(v1);
    const video = videoOf(v1.built.manifest);
    const paused = await runUntil(
      (s) => s.partial?.hash === video.hash && s.partial.received >= 2 * FILE_CHUNK_BYTES,
      65536,
    );
    expect(paused.status).toBe('paused');
    // A pause writes what was stored; an app killed before its next write leaves the record behind.
    expect(paused.partial).toEqual({ hash: video.hash, received: await storedPrefix(db, video.hash) });
    await db.downloads.update(paused.id, (d) => {
      d.partial = { hash: video.hash, received: FILE_CHUNK_BYTES };
      d.bytesDone -= paused.partial!.received - FILE_CHUNK_BYTES;
    });
    const sentBefore = server.delivered.get(video.hash)!;
    const seen: DownloadState[] = [];
    const { done } = await resumeAfterRestart(paused.id, 65536, (s) => void seen.push(structuredClone(s)));
    expect(done.status).toBe('done');
    // Nothing stored is fetched again, and the card counts each stored byte once.
    expect(server.delivered.get(video.hash)! - sentBefore).toBe(video.size - paused.partial!.received);
    for (const s of seen.filter((x) => x.status === 'running' && x.partial?.hash === video.hash))
      expect(s.bytesDone - s.partial!.received).toBe(paused.bytesDone - paused.partial!.received);
  });

  it('a video cut three times mid-file costs at most one chunk per cut and still verifies', async () => {
    serve(v1);
    const video = videoOf(v1.built.manifest);
    const total = v1.built.manifest.files.reduce((s, f) => s + f.size, 0);
    const before = total - video.size; // cut inside the video, wherever it comes in the order
    const order = v1.built.manifest.files.map((f) => f.hash);
    const videoStart = v1.built.manifest.files.slice(0, order.indexOf(video.hash)).reduce((s, f) => s + f.size, 0);
    expect(before).toBeGreaterThanOrEqual(videoStart);
    server.cutAt = [videoStart + 200_000, videoStart + 500_000, videoStart + 900_000];
    expect((await run({ chunkBytes: 65536 })).status).toBe('done');
    expect(server.cutAt).toEqual([]);
    expect(server.delivered.get(video.hash)).toBeLessThanOrEqual(video.size + 3 * FILE_CHUNK_BYTES);
    expect(await db.files.get(video.hash)).toMatchObject({ chunked: true });
  });

  it('after an app restart mid-video, hashes the stored chunks again instead of fetching them', async () => {
    serve(v1);
    const video = videoOf(v1.built.manifest);
    const paused = await runUntil((s) => s.partial?.hash === video.hash && s.partial.received > video.size / 2, 65536);
    expect(paused.status).toBe('paused');
    const kept = await storedPrefix(db, video.hash);
    expect(kept).toBeGreaterThan(video.size / 2);
    const sentBefore = server.delivered.get(video.hash)!;
    const { done, reopened } = await resumeAfterRestart(paused.id, 65536);
    expect(done.status).toBe('done');
    expect(server.delivered.get(video.hash)! - sentBefore).toBeLessThanOrEqual(video.size - kept + FILE_CHUNK_BYTES);
    expect(await reopened.files.get(video.hash)).toMatchObject({ chunked: true });
  });

  it('a piece damaged in transit is refetched alone, never stored, and the video installs', async () => {
    serve(v1);
    const video = videoOf(v1.built.manifest);
    const at = 2 * FILE_CHUNK_BYTES + 1000; // inside the third piece
    server.corruptOnce.set(video.hash, [at]);
    const stored: number[] = [];
    const put = db.fileChunks.put.bind(db.fileChunks);
    vi.spyOn(db.fileChunks, 'put').mockImplementation((chunk, key) => {
      if (chunk.hash === video.hash) stored.push(chunk.start);
      return put(chunk, key);
    });
    expect((await run({ chunkBytes: 65536 })).status).toBe('done');
    const asked = server.requests.filter((r) => r.startsWith(video.hash)).map((r) => Number(r.split('@')[1]));
    const pieces = video.chunks!.map((_, i) => i * FILE_CHUNK_BYTES);
    // Every piece once, the damaged one twice in a row; nothing else again.
    expect(asked).toEqual([...pieces.slice(0, 3), 2 * FILE_CHUNK_BYTES, ...pieces.slice(3)]);
    expect(server.delivered.get(video.hash)).toBe(video.size + FILE_CHUNK_BYTES);
    expect(stored).toEqual(pieces); // the damaged copy never reached the database
    const bytes = Buffer.from(await (await storedFileBlob(db, (await db.files.get(video.hash))!)).arrayBuffer());
    expect(bytes.equals(v1.files.get(video.hash)!)).toBe(true);
  });

  it('a piece the server keeps sending wrong fails with hash_mismatch; the good pieces before it stay for the retry', async () => {
    serve(v1);
    const video = videoOf(v1.built.manifest);
    const evil = new Uint8Array(server.files.get(video.hash)!);
    evil[FILE_CHUNK_BYTES + 5] = evil[FILE_CHUNK_BYTES + 5]! ^ 1; // the second piece
    server.files.set(video.hash, evil);
    const result = await run({ chunkBytes: 65536 });
    expect(result).toMatchObject({ status: 'failed', error: 'hash_mismatch', errorFile: video.path });
    const asked = server.requests.filter((r) => r === `${video.hash}@${FILE_CHUNK_BYTES}`);
    expect(asked).toHaveLength(1 + PIECE_REFETCHES);
    expect(await db.files.get(video.hash)).toBeUndefined();
    expect((await chunksOf(db, video.hash)).map((c) => c.start)).toEqual([0]);
    // The retry (the server fixed) asks from the second piece on, not for the first again.
    server.files.set(video.hash, v1.files.get(video.hash)!);
    server.requests = [];
    expect((await run({ chunkBytes: 65536 })).status).toBe('done');
    expect(server.requests.filter((r) => r.startsWith(video.hash))[0]).toBe(`${video.hash}@${FILE_CHUNK_BYTES}`);
  });

  it('a piece cut short by the server is refused as truncated, not stored', async () => {
    serve(v1);
    const video = videoOf(v1.built.manifest);
    const serveFile = server.fetch;
    // A proxy that answers the second piece's Range with fewer bytes than asked, honestly labelled.
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await serveFile(input, init);
      if (!String(input).endsWith(video.hash) || !/bytes=262144-/.test(new Headers(init?.headers).get('range') ?? '')) {
        return res;
      }
      const body = new Uint8Array(await res.arrayBuffer()).slice(0, 1000);
      return new Response(body, {
        status: 206,
        headers: { 'Content-Range': `bytes ${FILE_CHUNK_BYTES}-${FILE_CHUNK_BYTES + 999}/${video.size}` },
      });
    });
    expect(await run({ chunkBytes: 65536 })).toMatchObject({
      status: 'failed',
      error: 'truncated',
      errorFile: video.path,
    });
    expect((await chunksOf(db, video.hash)).map((c) => c.start)).toEqual([0]);
  });

  it('a piece answered with more bytes than asked is refused as hash_mismatch, not stored; the piece before it stays', async () => {
    serve(v1);
    const video = videoOf(v1.built.manifest);
    const serveFile = server.fetch;
    // A proxy that appends bytes to the second piece's answer (longer than the buffer it is read into).
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await serveFile(input, init);
      if (!String(input).endsWith(video.hash) || !/bytes=262144-/.test(new Headers(init?.headers).get('range') ?? '')) {
        return res;
      }
      const body = new Uint8Array(FILE_CHUNK_BYTES + 5000);
      body.set(new Uint8Array(await res.arrayBuffer()));
      return new Response(body, { status: 206, headers: { 'Content-Range': res.headers.get('content-range')! } });
    });
    expect(await run({ chunkBytes: 65536 })).toMatchObject({
      status: 'failed',
      error: 'hash_mismatch',
      errorFile: video.path,
    });
    expect((await chunksOf(db, video.hash)).map((c) => c.start)).toEqual([0]);
  });

  it('pieces that arrive in many small reads are stored byte for byte, each in its own record', async () => {
    serve(v1);
    const video = videoOf(v1.built.manifest);
    const serveFile = server.fetch;
    // The video's answers as byte streams of 20,000-byte reads, as a link delivers them.
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await serveFile(input, init);
      if (!res.body || !String(input).endsWith(video.hash)) return res;
      const bytes = new Uint8Array(await res.arrayBuffer());
      let at = 0;
      const body = new ReadableStream({
        type: 'bytes',
        pull(controller) {
          if (at >= bytes.length) {
            // A byte source answers a reader's pending buffer at the end too (as a browser's fetch does).
            controller.close();
            controller.byobRequest?.respond(0);
            return;
          }
          controller.enqueue(bytes.slice(at, at + 20_000));
          at += 20_000;
        },
      });
      return new Response(body, { status: res.status, headers: res.headers });
    });
    expect((await run({ chunkBytes: 65536 })).status).toBe('done');
    const chunks = await chunksOf(db, video.hash);
    expect(chunks.length).toBe(Math.ceil(video.size / FILE_CHUNK_BYTES));
    const stored = new Uint8Array(video.size);
    for (const c of chunks) stored.set(new Uint8Array(await c.blob.arrayBuffer()), c.start);
    expect(Buffer.from(stored).equals(server.files.get(video.hash)!)).toBe(true);
  });

  it('chunks an older app stored off the 256 KiB grid are dropped: the video starts again on its pieces', async () => {
    serve(v1);
    const video = videoOf(v1.built.manifest);
    // 64 KiB stored before per-piece hashes: the piece it begins cannot be checked, so it is not kept.
    const bytes = v1.files.get(video.hash)!;
    await db.fileChunks.put({ hash: video.hash, start: 0, blob: new Blob([bytes.slice(0, 65536)]) });
    expect((await run({ chunkBytes: 65536 })).status).toBe('done');
    const asked = server.requests.filter((r) => r.startsWith(video.hash)).map((r) => Number(r.split('@')[1]));
    expect(asked).toEqual(video.chunks!.map((_, i) => i * FILE_CHUNK_BYTES));
    expect((await chunksOf(db, video.hash)).map((c) => c.start)).toEqual(asked);
  });

  it('a manifest without per-piece hashes (published before them) still checks the file whole', async () => {
    const { chunks: _, ...plain } = videoOf(v1.built.manifest);
    const manifest = {
      ...v1.built.manifest,
      files: v1.built.manifest.files.map((f) => (f.hash === plain.hash ? plain : f)),
    };
    serve(v1);
    server.envelopes.set(COURSE, await signManifest(manifest, key.privateKey, key.publicKey));
    const evil = new Uint8Array(server.files.get(plain.hash)!);
    evil[700_000] = evil[700_000]! ^ 1;
    server.files.set(plain.hash, evil);
    const result = await run({ chunkBytes: 65536 });
    expect(result).toMatchObject({ status: 'failed', error: 'hash_mismatch', errorFile: plain.path });
    expect(await db.files.get(plain.hash)).toBeUndefined();
    expect(await chunksOf(db, plain.hash)).toEqual([]); // caught only at the end: none of it is kept
    server.files.set(plain.hash, v1.files.get(plain.hash)!);
    expect((await run({ chunkBytes: 65536 })).status).toBe('done');
    expect(await db.files.get(plain.hash)).toMatchObject({ chunked: true });
  });

  it('removing the course deletes the chunks of its video too', async () => {
    serve(v1);
    await run({ chunkBytes: 65536 });
    await db.courses.delete(COURSE);
    await removeUnusedFiles(db);
    expect(await db.files.count()).toBe(0);
    expect(await db.fileChunks.count()).toBe(0);
  });

  it('a download without video fetches no video byte and installs with the videos absent', async () => {
    serve(v1);
    const video = videoOf(v1.built.manifest);
    const done = await run({ chunkBytes: 65536, withoutVideo: true });
    expect(done.status).toBe('done');
    expect(server.delivered.has(video.hash)).toBe(false);
    const course = await db.courses.get(COURSE);
    expect(course).toMatchObject({ activeVersion: '1.0.0', absent: [video.hash] });
    expect(course!.sizeBytes).toBe(v1.built.manifest.files.reduce((s, f) => s + f.size, 0) - video.size);
    expect(await db.files.get(video.hash)).toBeUndefined();
    // Its captions are text: they came, for reading along or later.
    const captions = v1.built.manifest.files.find((f) => f.type === 'text/vtt')!;
    expect(await db.files.get(captions.hash)).toBeDefined();
  });

  it('adding the videos later fetches only them, and an update keeps a text-only choice', async () => {
    serve(v1);
    await run({ withoutVideo: true });
    const video = videoOf(v1.built.manifest);
    server.delivered.clear();
    expect((await run({ chunkBytes: 65536, withoutVideo: false })).status).toBe('done');
    expect([...server.delivered.keys()]).toEqual([video.hash]);
    expect(server.delivered.get(video.hash)).toBe(video.size);
    const course = await db.courses.get(COURSE);
    expect(course?.absent).toBeUndefined();
    expect(await db.files.get(video.hash)).toMatchObject({ chunked: true });

    // A second phone that took it text-only gets version 2 text-only too, unless it asks for video.
    db = new LenteraDatabase(`download-${Math.random()}`);
    await run({ withoutVideo: true });
    serve(v2);
    server.delivered.clear();
    expect((await run()).status).toBe('done');
    expect(server.delivered.has(video.hash)).toBe(false);
    expect(await db.courses.get(COURSE)).toMatchObject({ activeVersion: '1.1.0', absent: [video.hash] });
  });

  it('disk full halfway through the video: quota_exceeded, the stored chunks are kept and the retry resumes there', async () => {
    serve(v1);
    const video = videoOf(v1.built.manifest);
    const put = db.fileChunks.put.bind(db.fileChunks);
    let stored = 0;
    const full = vi.spyOn(db.fileChunks, 'put').mockImplementation((chunk, key) => {
      if (chunk.hash === video.hash && ++stored > 2) throw new DOMException('disk full', 'QuotaExceededError');
      return put(chunk, key);
    });
    expect(await run({ chunkBytes: 65536 })).toMatchObject({ status: 'failed', error: 'quota_exceeded' });
    expect(await installedVersion()).toBeUndefined();
    const kept = await storedPrefix(db, video.hash);
    expect(kept).toBe(2 * FILE_CHUNK_BYTES);
    full.mockRestore();
    const sentBefore = server.delivered.get(video.hash)!;
    expect((await run({ chunkBytes: 65536 })).status).toBe('done');
    // The retry asked only for what was not stored (the refused chunk had crossed the link once).
    expect(server.delivered.get(video.hash)! - sentBefore).toBe(video.size - kept);
  });

  it("one lesson's video on its own: only it is fetched, the course's other video stays absent", async () => {
    const two = await demoPackage(key, {
      edit: async (dir) => {
        const yaml = join(dir, 'course.yaml');
        await writeFile(
          yaml,
          (await readFile(yaml, 'utf8')).replace(
            '      - file: lessons/09-berita-acara-dan-tindak-lanjut.md\n',
            (l) => `${l}      - file: lessons/10-video-kedua.md\n`,
          ),
        );
        await writeFile(join(dir, 'media/video-kedua.mp4'), new Uint8Array(300_000).fill(7));
        await writeFile(
          join(dir, 'lessons/10-video-kedua.md'),
          '# Video kedua\n\n![Video kedua](../media/video-kedua.mp4)\n',
        );
      },
    });
    serve(two);
    const [first, second] = two.built.manifest.files.filter((f) => f.type === 'video/mp4');
    await run({ withoutVideo: true });
    server.delivered.clear();
    const done = await startDownload(db, COURSE, {
      token: 't',
      chunkBytes: 65536,
      signal: new AbortController().signal,
      onProgress: () => {},
      withoutVideo: true,
      videos: [second!.hash],
    });
    expect(done.status).toBe('done');
    expect([...server.delivered.keys()]).toEqual([second!.hash]);
    expect((await db.courses.get(COURSE))?.absent).toEqual([first!.hash]);
  });

  it('an update fetches only the files the phone lacks (delta)', async () => {
    serve(v1);
    await run();
    serve(v2);
    server.delivered.clear();
    await run();
    expect(await installedVersion()).toBe('1.1.0');
    const changed = v2.built.manifest.files.filter((f) => !v1.built.manifest.files.some((g) => g.hash === f.hash));
    expect(changed).toHaveLength(1);
    expect([...server.delivered.keys()]).toEqual([changed[0]!.hash]);
    // The replaced lesson is gone; everything v2 lists is there.
    expect(await db.files.count()).toBe(v2.built.manifest.files.length);
  });

  it('rejects a tampered file with hash_mismatch and keeps version 1 working', async () => {
    serve(v1);
    await run();
    serve(v2);
    const changed = v2.built.manifest.files.find((f) => !v1.built.manifest.files.some((g) => g.hash === f.hash))!;
    const evil = new Uint8Array(server.files.get(changed.hash)!);
    evil[10] = evil[10]! ^ 1;
    server.files.set(changed.hash, evil);
    const result = await run();
    expect(result).toMatchObject({ status: 'failed', error: 'hash_mismatch', errorFile: changed.path });
    expect(await installedVersion()).toBe('1.0.0');
    expect(await db.files.get(changed.hash)).toBeUndefined();
    for (const f of v1.built.manifest.files) expect(await db.files.get(f.hash)).toBeDefined();
  });

  it('a newer version supersedes an unfinished download of an older one, chunks included', async () => {
    serve(v1);
    const paused = await runUntil((s) => s.bytesDone > s.bytesTotal / 2, 4096);
    expect(paused.status).toBe('paused');
    serve(v2);
    expect((await run()).status).toBe('done');
    expect(await db.downloads.count()).toBe(0);
    expect(await db.files.count()).toBe(v2.built.manifest.files.length);
  });

  it('rejects a truncated file (shorter than the manifest says) with truncated', async () => {
    serve(v1);
    const audio = audioOf(v1.built.manifest);
    server.files.set(audio.hash, server.files.get(audio.hash)!.slice(0, audio.size - 100));
    expect(await run()).toMatchObject({ status: 'failed', error: 'truncated', errorFile: audio.path });
    expect(await installedVersion()).toBeUndefined();
  });

  it('rejects a manifest with a bad signature, and an update signed by another key', async () => {
    serve(v1);
    server.envelopes.set(COURSE, { ...v1.envelope, manifest: v1.envelope.manifest.replace('Perencanaan', 'Palsu') });
    await expect(run()).rejects.toMatchObject({ code: 'bad_signature' });
    serve(v1);
    await run();
    const other = await demoPackage(await generatePublisherKey(), { version: '2.0.0' });
    serve(other);
    await expect(run()).rejects.toMatchObject({ code: 'bad_signature' });
    expect(await installedVersion()).toBe('1.0.0');
  });

  it('rejects a malformed manifest and a withdrawn course with their own codes', async () => {
    server.envelopes.set(COURSE, { ...v1.envelope, manifest: '{"format":1}' });
    await expect(run()).rejects.toMatchObject({ code: 'bad_signature' });
    server.envelopes.set(COURSE, { format: 1 } as never);
    await expect(run()).rejects.toMatchObject({ code: 'malformed_manifest' });
    server.withdrawn.add(COURSE);
    await expect(run()).rejects.toMatchObject({ code: 'course_withdrawn' });
  });

  it('refuses to start when free space is too small (quota_exceeded)', async () => {
    serve(v1);
    vi.stubGlobal('navigator', { storage: { estimate: () => Promise.resolve({ quota: 100_000, usage: 90_000 }) } });
    await expect(run()).rejects.toMatchObject({ code: 'quota_exceeded' });
    expect(await db.downloads.count()).toBe(0);
  });
});

/**
 * An update that goes wrong halfway through its new video: the phone has version 1 installed and
 * must still open it, every file of it reading back whole, whatever stopped version 2.
 */
describe('an update that fails halfway leaves version 1 working', () => {
  let v3: Awaited<ReturnType<typeof demoPackage>>;
  beforeAll(async () => {
    // A new version whose video changed (a re-cut): the update must fetch the whole new video.
    v3 = await demoPackage(key, {
      version: '1.2.0',
      edit: (dir) => appendFile(join(dir, 'media/video-perencanaan-desa.mp4'), new Uint8Array(50_000).fill(3)),
    });
  });

  /** Version 1 is the active one and each of its files reads back as its signed SHA-256. */
  async function expectVersion1Opens() {
    expect(await installedVersion()).toBe('1.0.0');
    for (const f of v1.built.manifest.files) {
      const stored = await db.files.get(f.hash);
      expect(stored, f.path).toBeDefined();
      const bytes = new Uint8Array(await (await storedFileBlob(db, stored!)).arrayBuffer());
      expect(await sha256Hex(bytes), f.path).toBe(f.hash);
    }
    // A clean-up (another course removed, a later download) must not take version 1's files either.
    await removeUnusedFiles(db);
    for (const f of v1.built.manifest.files) expect(await db.files.get(f.hash), f.path).toBeDefined();
  }

  async function installVersion1ThenServe3() {
    serve(v1);
    expect((await run({ chunkBytes: 65536 })).status).toBe('done');
    serve(v3);
    const newVideo = videoOf(v3.built.manifest);
    expect(newVideo.hash).not.toBe(videoOf(v1.built.manifest).hash);
    return newVideo;
  }

  it('the disk fills halfway through the new video: quota_exceeded, version 1 opens, the retry installs 1.2.0', async () => {
    const video = await installVersion1ThenServe3();
    const put = db.fileChunks.put.bind(db.fileChunks);
    let stored = 0;
    const full = vi.spyOn(db.fileChunks, 'put').mockImplementation((chunk, key) => {
      if (chunk.hash === video.hash && ++stored > 2) throw new DOMException('disk full', 'QuotaExceededError');
      return put(chunk, key);
    });
    expect(await run({ chunkBytes: 65536 })).toMatchObject({ status: 'failed', error: 'quota_exceeded' });
    await expectVersion1Opens();
    expect(await storedPrefix(db, video.hash)).toBe(2 * FILE_CHUNK_BYTES); // kept for the retry
    full.mockRestore();
    expect((await run({ chunkBytes: 65536 })).status).toBe('done');
    expect(await installedVersion()).toBe('1.2.0');
  });

  it('a piece of the new video keeps arriving corrupt: hash_mismatch naming it, version 1 opens', async () => {
    const video = await installVersion1ThenServe3();
    const evil = new Uint8Array(server.files.get(video.hash)!);
    evil[3 * FILE_CHUNK_BYTES + 17] = evil[3 * FILE_CHUNK_BYTES + 17]! ^ 1;
    server.files.set(video.hash, evil);
    expect(await run({ chunkBytes: 65536 })).toMatchObject({
      status: 'failed',
      error: 'hash_mismatch',
      errorFile: video.path,
    });
    expect(await db.files.get(video.hash)).toBeUndefined();
    // The corrupt piece was never stored: only the three good ones before it are.
    expect((await chunksOf(db, video.hash)).map((c) => c.start)).toEqual([0, 1, 2].map((i) => i * FILE_CHUNK_BYTES));
    await expectVersion1Opens();
  });

  it('the new video is shorter on the server than the manifest declares: truncated, version 1 opens', async () => {
    const video = await installVersion1ThenServe3();
    server.files.set(video.hash, server.files.get(video.hash)!.slice(0, video.size - 10_000));
    expect(await run({ chunkBytes: 65536 })).toMatchObject({
      status: 'failed',
      error: 'truncated',
      errorFile: video.path,
    });
    expect(await db.files.get(video.hash)).toBeUndefined();
    await expectVersion1Opens();
  });

  it('a Range beyond the end of what the server has (416): truncated, nothing stored, version 1 opens', async () => {
    const video = await installVersion1ThenServe3();
    server.files.set(video.hash, new Uint8Array(0)); // every Range of it is beyond its end
    expect(await run({ chunkBytes: 65536 })).toMatchObject({
      status: 'failed',
      error: 'truncated',
      errorFile: video.path,
    });
    expect(await chunksOf(db, video.hash)).toEqual([]);
    await expectVersion1Opens();
  });

  it('the new video is longer on the server than the manifest declares: hash_mismatch, version 1 opens', async () => {
    const video = await installVersion1ThenServe3();
    const longer = new Uint8Array(video.size + 10_000);
    longer.set(server.files.get(video.hash)!);
    server.files.set(video.hash, longer);
    expect(await run({ chunkBytes: 65536 })).toMatchObject({
      status: 'failed',
      error: 'hash_mismatch',
      errorFile: video.path,
    });
    expect(await chunksOf(db, video.hash)).toEqual([]);
    await expectVersion1Opens();
  });
});

/**
 * A file between one piece and 1 MiB (a short clip, a scanned PDF): the phone fetches it in 64 KiB
 * Ranges, as it did before per-piece hashes, and checks each 256 KiB piece once all of it arrived.
 */
describe('a file of a few pieces, up to 1 MiB', () => {
  const MID_BYTES = 600_000; // three pieces, the last one 75,712 bytes
  let withClip: Awaited<ReturnType<typeof demoPackage>>;
  beforeAll(async () => {
    const clip = new Uint32Array(Math.ceil(MID_BYTES / 4));
    let x = 2463534242;
    for (let i = 0; i < clip.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      clip[i] = x >>> 0;
    }
    withClip = await demoPackage(key, {
      edit: async (dir) => {
        const yaml = join(dir, 'course.yaml');
        await writeFile(
          yaml,
          (await readFile(yaml, 'utf8')).replace(
            '      - file: lessons/09-berita-acara-dan-tindak-lanjut.md\n',
            (l) => `${l}      - file: lessons/10-klip.md\n`,
          ),
        );
        await writeFile(join(dir, 'media/klip.mp4'), new Uint8Array(clip.buffer, 0, MID_BYTES));
        await writeFile(join(dir, 'lessons/10-klip.md'), '# Klip\n\n![Klip](../media/klip.mp4)\n');
      },
    });
  });
  const clipOf = () => withClip.built.manifest.files.find((f) => f.path === 'media/klip.mp4')!;
  const askedFor = (hash: string) =>
    server.requests.filter((r) => r.startsWith(hash)).map((r) => Number(r.split('@')[1]));
  /** 64 KiB Range starts over bytes `from..to` of the clip, none crossing a piece end. */
  const rangesOver = (from: number, to: number) => {
    const starts: number[] = [];
    for (let piece = from; piece < to; piece += FILE_CHUNK_BYTES) {
      for (let at = piece; at < Math.min(piece + FILE_CHUNK_BYTES, to); at += 65536) starts.push(at);
    }
    return starts;
  };
  function recordStores(hash: string) {
    const stored: number[] = [];
    const put = db.fileChunks.put.bind(db.fileChunks);
    vi.spyOn(db.fileChunks, 'put').mockImplementation((chunk, key) => {
      if (chunk.hash === hash) stored.push(chunk.start);
      return put(chunk, key);
    });
    return stored;
  }

  it('is fetched in 64 KiB Ranges, checked and stored per 256 KiB piece, then kept as one blob', async () => {
    serve(withClip);
    const clip = clipOf();
    expect(clip.size).toBe(MID_BYTES);
    expect(clip.chunks).toHaveLength(3);
    const stored = recordStores(clip.hash);
    expect((await run({ chunkBytes: 65536 })).status).toBe('done');
    expect(askedFor(clip.hash)).toEqual(rangesOver(0, MID_BYTES));
    expect(server.delivered.get(clip.hash)).toBe(MID_BYTES);
    expect(stored).toEqual([0, FILE_CHUNK_BYTES, 2 * FILE_CHUNK_BYTES]);
    const file = await db.files.get(clip.hash);
    expect(file?.chunked).toBeUndefined();
    expect(Buffer.from(await file!.blob!.arrayBuffer()).equals(withClip.files.get(clip.hash)!)).toBe(true);
    expect(await chunksOf(db, clip.hash)).toEqual([]);
  });

  it('a link cut three times inside it costs at most one 64 KiB Range per cut, not a piece', async () => {
    serve(withClip);
    const clip = clipOf();
    const files = withClip.built.manifest.files;
    const clipStart = files.slice(0, files.indexOf(clip)).reduce((s, f) => s + f.size, 0);
    // Late in each piece, where a cut used to cost nearly the whole 256 KiB piece.
    server.cutAt = [200_000, 450_000, 590_000].map((at) => clipStart + at);
    expect((await run({ chunkBytes: 65536 })).status).toBe('done');
    expect(server.cutAt).toEqual([]);
    expect(server.delivered.get(clip.hash)).toBeGreaterThan(MID_BYTES);
    expect(server.delivered.get(clip.hash)).toBeLessThanOrEqual(MID_BYTES + 3 * 65536);
    const file = await db.files.get(clip.hash);
    expect(Buffer.from(await file!.blob!.arrayBuffer()).equals(withClip.files.get(clip.hash)!)).toBe(true);
  });

  it('a byte damaged in transit in its second piece: only that piece is asked again, the bad copy never stored', async () => {
    serve(withClip);
    const clip = clipOf();
    server.corruptOnce.set(clip.hash, [300_000]);
    const stored = recordStores(clip.hash);
    expect((await run({ chunkBytes: 65536 })).status).toBe('done');
    const second = rangesOver(FILE_CHUNK_BYTES, 2 * FILE_CHUNK_BYTES);
    expect(askedFor(clip.hash)).toEqual([
      ...rangesOver(0, FILE_CHUNK_BYTES),
      ...second,
      ...second,
      ...rangesOver(2 * FILE_CHUNK_BYTES, MID_BYTES),
    ]);
    expect(server.delivered.get(clip.hash)).toBe(MID_BYTES + FILE_CHUNK_BYTES);
    expect(stored).toEqual([0, FILE_CHUNK_BYTES, 2 * FILE_CHUNK_BYTES]);
    const file = await db.files.get(clip.hash);
    expect(await sha256Hex(new Uint8Array(await file!.blob!.arrayBuffer()))).toBe(clip.hash);
  });

  it('paused (or the app closed) inside a piece: the resumed download asks again only for that piece', async () => {
    serve(withClip);
    const clip = clipOf();
    const controller = new AbortController();
    const serveFile = server.fetch;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await serveFile(input, init);
      // Two Ranges into the second piece, the learner pauses.
      if (server.requests.at(-1) === `${clip.hash}@${FILE_CHUNK_BYTES + 65536}`) controller.abort();
      return res;
    });
    const paused = await startDownload(db, COURSE, {
      token: 't',
      chunkBytes: 65536,
      signal: controller.signal,
      retryDelayMs: () => 1,
      onProgress: () => {},
    });
    expect(paused.status).toBe('paused');
    expect(await storedPrefix(db, clip.hash)).toBe(FILE_CHUNK_BYTES);
    vi.stubGlobal('fetch', server.fetch);
    server.requests = [];
    const reopened = new LenteraDatabase(db.name);
    const done = await runDownload(reopened, paused.id, {
      token: 't',
      chunkBytes: 65536,
      signal: new AbortController().signal,
      onProgress: () => {},
    });
    expect(done.status).toBe('done');
    expect(askedFor(clip.hash)).toEqual(rangesOver(FILE_CHUNK_BYTES, MID_BYTES));
    const file = await reopened.files.get(clip.hash);
    expect(await sha256Hex(new Uint8Array(await file!.blob!.arrayBuffer()))).toBe(clip.hash);
  });

  it('a piece that keeps arriving wrong fails with hash_mismatch; the good piece before it stays', async () => {
    serve(withClip);
    const clip = clipOf();
    const evil = new Uint8Array(server.files.get(clip.hash)!);
    evil[MID_BYTES - 1] = evil[MID_BYTES - 1]! ^ 1; // the short last piece
    server.files.set(clip.hash, evil);
    expect(await run({ chunkBytes: 65536 })).toMatchObject({
      status: 'failed',
      error: 'hash_mismatch',
      errorFile: clip.path,
    });
    expect(askedFor(clip.hash).filter((at) => at === 2 * FILE_CHUNK_BYTES)).toHaveLength(1 + PIECE_REFETCHES);
    expect((await chunksOf(db, clip.hash)).map((c) => c.start)).toEqual([0, FILE_CHUNK_BYTES]);
    expect(await db.files.get(clip.hash)).toBeUndefined();
  });
});
