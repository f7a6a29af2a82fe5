import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import { createSession } from '../auth/sessions';
import { ensureUser } from '../auth/users';

/** The body limit of these tests, and so the chunk size: a few chunks per file keep the tests small. */
const LIMIT = 64 * 1024;

/** Deterministic bytes (xorshift32 from `seed`), so a file is rebuilt rather than kept around. */
function bytesOf(size: number, seed: number): Uint8Array<ArrayBuffer> {
  const words = new Uint32Array(Math.ceil(size / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return new Uint8Array(words.buffer, 0, size);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const digestHeader = (bytes: Uint8Array) => `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`;

interface Started {
  stored: boolean;
  resumed: boolean;
  uploadId: string;
  offset: number;
  chunkBytes: number;
}

describeEachStore('resumable course file upload', (kind) => {
  const t = useTestApp(kind, { maxBodyBytes: LIMIT });
  const tokens = { author: '', other: '', learner: '' };
  const errorOf = async (res: Response) =>
    ((await res.json()) as { error: { code: string; details?: { offset: number } } }).error;
  const start = (file: Uint8Array, token = tokens.author, size = file.length) =>
    t.call('POST', '/api/course-uploads', { token, json: { sha256: sha256(file), size, type: 'video/mp4' } });
  const put = (uploadId: string, offset: number, body: Uint8Array<ArrayBuffer>, digest = digestHeader(body)) =>
    t.app.request(`/api/course-uploads/${uploadId}/chunks/${offset}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${tokens.author}`, 'Content-Digest': digest },
      body,
    });
  const complete = (uploadId: string) =>
    t.call('POST', `/api/course-uploads/${uploadId}/complete`, { token: tokens.author });
  const get = (hash: string, headers: Record<string, string> = {}) =>
    t.call('GET', `/api/course-files/${hash}`, { token: tokens.author, headers });
  /** Sends `file` from the upload's offset up to (not including) `until`. */
  async function send(started: Started, file: Uint8Array<ArrayBuffer>, until = file.length) {
    let offset = started.offset;
    while (offset < until) {
      const res = await put(started.uploadId, offset, file.subarray(offset, offset + started.chunkBytes));
      expect(res.status).toBe(200);
      offset = ((await res.json()) as { offset: number }).offset;
    }
    return offset;
  }
  const chunkRows = async (uploadId: string) =>
    Number(
      (
        await t.store.query<{ n: string }>(`SELECT count(*) AS n FROM course_file_chunks WHERE chunk_set = $1`, [
          uploadId,
        ])
      ).rows[0]!.n,
    );

  beforeAll(async () => {
    for (const role of ['author', 'other', 'learner'] as const) {
      const user = await ensureUser(t.store, {
        username: `up-${role}`,
        name: role,
        role: role === 'other' ? 'author' : role,
        desaCode: null,
      });
      tokens[role] = (await createSession(t.store, user.id, undefined)).token;
    }
  });

  it('takes a file chunk by chunk, resumes where it stopped, and serves it whole and by Range', async () => {
    const file = bytesOf(5 * LIMIT + 1234, 1);
    const first = await start(file);
    expect(first.status).toBe(201);
    const started = (await first.json()) as Started;
    expect(started).toMatchObject({ stored: false, offset: 0, chunkBytes: LIMIT });
    await send(started, file, 2 * LIMIT);

    // The client went away; starting again names the same upload at the first missing byte.
    const again = await start(file);
    expect(again.status).toBe(200);
    const resumed = (await again.json()) as Started;
    expect(resumed).toMatchObject({ uploadId: started.uploadId, resumed: true, offset: 2 * LIMIT });
    const status = await t.call('GET', `/api/course-uploads/${started.uploadId}`, { token: tokens.author });
    expect(await status.json()).toMatchObject({ offset: 2 * LIMIT, size: file.length });
    expect((await get(sha256(file))).status).toBe(404); // nothing is served before it completes

    await send(resumed, file);
    expect((await complete(started.uploadId)).status).toBe(201);
    expect(await (await start(file)).json()).toMatchObject({ stored: true });

    const whole = await get(sha256(file));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(file.length));
    expect(sha256(new Uint8Array(await whole.arrayBuffer()))).toBe(sha256(file));
    // Across a chunk boundary, and the last bytes.
    for (const [from, to] of [
      [LIMIT - 10, 3 * LIMIT + 9],
      [file.length - 100, file.length - 1],
    ] as const) {
      const part = await get(sha256(file), { Range: `bytes=${from}-${to}` });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes ${from}-${to}/${file.length}`);
      expect(Buffer.from(await part.arrayBuffer()).equals(file.subarray(from, to + 1))).toBe(true);
    }
    const beyond = await get(sha256(file), { Range: `bytes=${file.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${file.length}`);
    expect((await errorOf(beyond)).code).toBe('range_not_satisfiable');
  });

  it('refuses a tampered, short, long or undigested chunk and stores none of it', async () => {
    const file = bytesOf(3 * LIMIT, 2);
    const started = (await (await start(file)).json()) as Started;
    const chunk = file.subarray(0, LIMIT);
    const tampered = new Uint8Array(chunk);
    tampered[100]! ^= 0xff;
    const refusals = [
      [put(started.uploadId, 0, tampered, digestHeader(chunk)), 400, 'chunk_hash_mismatch'],
      [put(started.uploadId, 0, chunk.subarray(0, LIMIT - 1)), 400, 'chunk_length_mismatch'],
      [put(started.uploadId, LIMIT, chunk), 409, 'upload_offset_mismatch'],
      [put(started.uploadId, 0, chunk, 'md5=:abc:'), 400, 'chunk_digest_missing'],
    ] as const;
    for (const [res, status, code] of refusals) {
      const answer = await res;
      expect(answer.status).toBe(status);
      expect((await errorOf(answer)).code).toBe(code);
    }
    expect(await chunkRows(started.uploadId)).toBe(0);
    await send(started, file, LIMIT);
    // The last chunk may be short, no other: one byte too many is refused as well.
    const long = await put(started.uploadId, LIMIT, file.subarray(LIMIT, 2 * LIMIT + 1));
    expect(long.status).toBe(413); // beyond the body limit before it is even read
    const early = await complete(started.uploadId);
    expect(early.status).toBe(409);
    expect(await errorOf(early)).toMatchObject({ code: 'upload_incomplete', details: { offset: LIMIT } });
    expect(await chunkRows(started.uploadId)).toBe(1);
  });

  it('refuses an upload resumed with a different file, discards it, and then takes the right file', async () => {
    const file = bytesOf(4 * LIMIT, 3);
    const other = bytesOf(4 * LIMIT, 4);
    const started = (await (await start(file)).json()) as Started;
    await send(started, file, 2 * LIMIT);
    // The rest comes from another file: each chunk is whole and carries its own right digest.
    await send({ ...started, offset: 2 * LIMIT }, other);
    const res = await complete(started.uploadId);
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('upload_hash_mismatch');
    expect(await chunkRows(started.uploadId)).toBe(0);
    expect((await get(sha256(file))).status).toBe(404);
    const gone = await t.call('GET', `/api/course-uploads/${started.uploadId}`, { token: tokens.author });
    expect((await errorOf(gone)).code).toBe('upload_not_found');

    const fresh = (await (await start(file)).json()) as Started;
    expect(fresh).toMatchObject({ offset: 0, resumed: false });
    await send(fresh, file);
    expect((await complete(fresh.uploadId)).status).toBe(201);
    expect(sha256(new Uint8Array(await (await get(sha256(file))).arrayBuffer()))).toBe(sha256(file));
  });

  it('keeps uploads per account, refuses another size for a hash, and refuses learners', async () => {
    const file = bytesOf(LIMIT + 7, 5);
    const mine = (await (await start(file)).json()) as Started;
    const theirs = await t.call('GET', `/api/course-uploads/${mine.uploadId}`, { token: tokens.other });
    expect(theirs.status).toBe(404);
    expect((await errorOf(theirs)).code).toBe('upload_not_found');
    const conflict = await start(file, tokens.author, file.length + 1);
    expect(conflict.status).toBe(409);
    expect((await errorOf(conflict)).code).toBe('upload_conflict');
    expect((await start(file, tokens.learner)).status).toBe(403);
    const malformed = await t.call('GET', '/api/course-uploads/not-a-uuid', { token: tokens.author });
    expect((await errorOf(malformed)).code).toBe('upload_not_found');
    const badSize = await t.call('POST', '/api/course-uploads', {
      token: tokens.author,
      json: { sha256: sha256(file), size: -1, type: 'video/mp4' },
    });
    expect((await errorOf(badSize)).code).toBe('invalid_request');
  });

  it('documents its four operations in the OpenAPI document', async () => {
    const doc = (await (await t.call('GET', '/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids).toEqual(
      expect.arrayContaining(['startCourseUpload', 'getCourseUpload', 'putCourseUploadChunk', 'completeCourseUpload']),
    );
  });

  describe('an empty file', () => {
    it('completes without a chunk and is served empty', async () => {
      const empty = new Uint8Array(0);
      const started = (await (await start(empty)).json()) as Started;
      expect((await complete(started.uploadId)).status).toBe(201);
      const res = await get(sha256(empty));
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBe(0);
    });
  });
});
