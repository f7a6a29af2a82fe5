import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { DRAFT_MEDIA_MAX_BYTES } from '../../shared/authoring/authoring-api';
import { HASH_SLICE_BYTES, uploadLessonFile, type PickedFile, type UploadProgress } from './upload-lesson-file';

const CHUNK = 1024 * 1024;

/** Deterministic bytes, so each test rebuilds its file. */
function bytesOf(size: number, seed = 7): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A picked file that records every read: its length, and how many are under way at once. */
function fakeFile(bytes: Uint8Array<ArrayBuffer>, name = 'Rapat.mp4') {
  const reads: number[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const file: PickedFile = {
    name,
    type: 'video/mp4',
    size: bytes.length,
    slice: (start = 0, end = bytes.length) =>
      ({
        arrayBuffer: async () => {
          inFlight++;
          mostInFlight = Math.max(mostInFlight, inFlight);
          await new Promise((r) => setTimeout(r, 0));
          inFlight--;
          const piece = bytes.slice(start, Math.min(end, bytes.length));
          reads.push(piece.length);
          return piece.buffer;
        },
      }) as unknown as Blob,
  };
  return { file, reads, mostInFlight: () => mostInFlight };
}

type Cut = 'before' | 'after' | undefined;

/**
 * The resumable upload and attach routes, in memory, with their refusals; `cut` decides per
 * request whether the link drops before the server sees it or after it answered (the answer lost).
 */
function fakeServer(options: { chunkBytes?: number; cut?: (method: string, path: string) => Cut } = {}) {
  const chunkBytes = options.chunkBytes ?? CHUNK;
  const stored = new Map<string, Uint8Array>();
  const uploads = new Map<string, { id: string; hash: string; size: number; parts: Uint8Array[]; received: number }>();
  const requests: string[] = [];
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const refuse = (status: number, code: string, details?: unknown) =>
    json(status, { error: { code, message: code, ...(details ? { details } : {}) } });

  function answer(method: string, path: string, init: RequestInit): Response {
    const body = init.body;
    if (method === 'POST' && path === '/api/course-uploads') {
      const declared = JSON.parse(body as string) as { sha256: string; size: number };
      if (stored.has(declared.sha256)) return json(200, { stored: true, hash: declared.sha256, size: declared.size });
      let upload = [...uploads.values()].find((u) => u.hash === declared.sha256);
      if (upload && upload.size !== declared.size) return refuse(409, 'upload_conflict');
      upload ??= { id: `u${uploads.size + 1}`, hash: declared.sha256, size: declared.size, parts: [], received: 0 };
      uploads.set(upload.id, upload);
      return json(201, { stored: false, uploadId: upload.id, offset: upload.received, chunkBytes });
    }
    const match = /^\/api\/course-uploads\/(\w+)(?:\/chunks\/(\d+)|\/(complete))?$/.exec(path);
    if (match) {
      const upload = uploads.get(match[1]!);
      if (!upload) return refuse(404, 'upload_not_found');
      if (method === 'GET') return json(200, { uploadId: upload.id, offset: upload.received, chunkBytes });
      if (match[2]) {
        const bytes = body as Uint8Array;
        const offset = Number(match[2]);
        if (offset !== upload.received) return refuse(409, 'upload_offset_mismatch', { offset: upload.received });
        const digest = new Headers(init.headers).get('content-digest');
        if (digest !== `sha-256=:${btoa(String.fromCharCode(...sha256(bytes)))}:`) {
          return refuse(400, 'chunk_hash_mismatch', { offset: upload.received });
        }
        upload.parts.push(bytes);
        upload.received += bytes.length;
        return json(200, { offset: upload.received });
      }
      if (upload.received < upload.size) return refuse(409, 'upload_incomplete', { offset: upload.received });
      const hasher = sha256.create();
      for (const part of upload.parts) hasher.update(part);
      uploads.delete(upload.id);
      if (bytesToHex(hasher.digest()) !== upload.hash) return refuse(409, 'upload_hash_mismatch');
      stored.set(upload.hash, new Uint8Array(0));
      return json(201, { hash: upload.hash, size: upload.size });
    }
    if (method === 'POST' && path === '/api/authoring/courses/kursus/media') {
      const attach = JSON.parse(body as string) as { name: string; sha256: string; type: string };
      if (!stored.has(attach.sha256)) return refuse(404, 'file_not_found');
      return json(200, {
        name: attach.name,
        path: `media/${attach.name}`,
        type: attach.type,
        size: 0,
        hash: attach.sha256,
      });
    }
    return refuse(404, 'not_found');
  }

  const doFetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const path = String(input);
    requests.push(`${method} ${path}`);
    const cut = options.cut?.(method, path);
    if (cut === 'before') throw new TypeError('Failed to fetch');
    const res = answer(method, path, init);
    if (cut === 'after') throw new TypeError('Failed to fetch');
    return res;
  }) as typeof fetch;
  return { fetch: doFetch, requests, stored, uploads };
}

const chunkPuts = (requests: string[]) =>
  requests.filter((r) => r.startsWith('PUT ')).map((r) => Number(/chunks\/(\d+)/.exec(r)![1]) / CHUNK);

// Hashing a few MiB in happy-dom takes a while on a loaded machine.
describe('the browser upload of a lesson file through the resumable upload', { timeout: 60_000 }, () => {
  it('hashes the file, sends each chunk once, completes and attaches it under its lowercase name, reporting progress', async () => {
    const bytes = bytesOf(3 * CHUNK + 500);
    const server = fakeServer();
    const progress: UploadProgress[] = [];
    const result = await uploadLessonFile('token', 'kursus', fakeFile(bytes).file, {
      fetch: server.fetch,
      onProgress: (p) => progress.push(p),
    });
    expect(result).toMatchObject({ ok: true, data: { name: 'rapat.mp4', hash: bytesToHex(sha256(bytes)) } });
    expect(chunkPuts(server.requests)).toEqual([0, 1, 2, 3]);
    expect(server.requests.at(-1)).toBe('POST /api/authoring/courses/kursus/media');
    expect(progress.filter((p) => p.phase === 'hashing').at(-1)?.percent).toBe(100);
    expect(progress.filter((p) => p.phase === 'uploading').map((p) => p.percent)).toEqual([0, 33, 66, 99, 100, 100]);
  });

  it('after a cut link and a lost answer it asks where the upload stands and sends only the chunks missing', async () => {
    const bytes = bytesOf(5 * CHUNK);
    const cuts = new Map<string, Cut>([
      [`PUT /api/course-uploads/u1/chunks/${2 * CHUNK}`, 'before'],
      [`PUT /api/course-uploads/u1/chunks/${3 * CHUNK}`, 'after'],
    ]);
    const server = fakeServer({
      cut: (method, path) => {
        const cut = cuts.get(`${method} ${path}`);
        cuts.delete(`${method} ${path}`);
        return cut;
      },
    });
    const result = await uploadLessonFile('token', 'kursus', fakeFile(bytes).file, {
      fetch: server.fetch,
      retryDelayMs: 1,
    });
    expect(result.ok).toBe(true);
    // Chunk 2 again (it never arrived); chunk 3 not again (it arrived, only its answer was lost).
    expect(chunkPuts(server.requests)).toEqual([0, 1, 2, 2, 3, 4]);
    expect(server.requests.filter((r) => r === 'GET /api/course-uploads/u1')).toHaveLength(2);
  });

  it('the same file picked again after the page was closed mid-upload resumes where the server stands', async () => {
    const bytes = bytesOf(4 * CHUNK);
    let [down, wentDown] = [false, false];
    const server = fakeServer({
      cut: (_method, path) => {
        // The link goes down (until the second page) when the third chunk is sent.
        if (!wentDown && path.endsWith(`/chunks/${2 * CHUNK}`)) [down, wentDown] = [true, true];
        return down ? 'before' : undefined;
      },
    });
    const first = await uploadLessonFile('token', 'kursus', fakeFile(bytes).file, {
      fetch: server.fetch,
      retries: 1,
      retryDelayMs: 1,
    });
    expect(first).toEqual({ ok: false, code: 'upload_interrupted' });

    // Back online, a new page: nothing was kept in the browser, the file's hash finds the upload.
    server.requests.length = 0;
    const second = await uploadLessonFile('token', 'kursus', fakeFile(bytes).file, {
      fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
        down = false;
        return server.fetch(input, init);
      }) as typeof fetch,
      retryDelayMs: 1,
    });
    expect(second.ok).toBe(true);
    expect(server.requests[0]).toBe('POST /api/course-uploads');
    expect(chunkPuts(server.requests)).toEqual([2, 3]);
  });

  it('never reads more than one chunk of the file at a time, hashing or sending', async () => {
    const bytes = bytesOf(3 * CHUNK + 17);
    const picked = fakeFile(bytes);
    const server = fakeServer();
    expect((await uploadLessonFile('token', 'kursus', picked.file, { fetch: server.fetch })).ok).toBe(true);
    expect(picked.mostInFlight()).toBe(1);
    expect(Math.max(...picked.reads)).toBeLessThanOrEqual(Math.max(CHUNK, HASH_SLICE_BYTES));
    // Read twice in all: once to hash it, once to send it.
    expect(picked.reads.reduce((a, b) => a + b, 0)).toBe(2 * bytes.length);
  });

  it('says why when the server refuses: another file under the same hash, bytes that changed, a type, a size', async () => {
    const bytes = bytesOf(CHUNK + 1);
    // The file changed on disk between hashing and sending: the server's hash of what arrived differs.
    const changing = fakeFile(bytes);
    let reads = 0;
    const slice = changing.file.slice;
    changing.file.slice = (start, end) => (++reads === 3 ? new Blob([new Uint8Array(CHUNK)]) : slice(start, end));
    const server = fakeServer();
    expect(await uploadLessonFile('token', 'kursus', changing.file, { fetch: server.fetch })).toEqual({
      ok: false,
      code: 'upload_hash_mismatch',
    });
    const refusing = (status: number, code: string, details?: unknown) =>
      (async () =>
        new Response(JSON.stringify({ error: { code, message: code, details } }), { status })) as typeof fetch;
    expect(
      await uploadLessonFile('t', 'kursus', fakeFile(bytes).file, { fetch: refusing(409, 'upload_conflict') }),
    ).toEqual({ ok: false, code: 'upload_conflict' });
    expect(
      await uploadLessonFile('t', 'kursus', fakeFile(bytes).file, {
        fetch: refusing(413, 'media_too_large', { limit: 123 }),
      }),
    ).toEqual({ ok: false, code: 'media_too_large', limit: 123 });
  });

  it('refuses an empty file and one over the limit before reading a byte or calling the server', async () => {
    const server = fakeServer();
    const big = fakeFile(new Uint8Array(0));
    expect(
      await uploadLessonFile('t', 'kursus', { ...big.file, size: DRAFT_MEDIA_MAX_BYTES + 1 }, { fetch: server.fetch }),
    ).toEqual({
      ok: false,
      code: 'media_too_large',
      limit: DRAFT_MEDIA_MAX_BYTES,
    });
    const empty = fakeFile(new Uint8Array(0));
    expect(await uploadLessonFile('t', 'kursus', empty.file, { fetch: server.fetch })).toEqual({
      ok: false,
      code: 'empty_file',
    });
    expect(server.requests).toEqual([]);
    expect([...big.reads, ...empty.reads]).toEqual([]);
  });

  it('gives up with upload_interrupted when the link stays down through every retry', async () => {
    const server = fakeServer({ cut: () => 'before' });
    expect(
      await uploadLessonFile('t', 'kursus', fakeFile(bytesOf(100)).file, {
        fetch: server.fetch,
        retries: 2,
        retryDelayMs: 1,
      }),
    ).toEqual({ ok: false, code: 'upload_interrupted' });
    expect(server.requests).toHaveLength(3);
  });
});
