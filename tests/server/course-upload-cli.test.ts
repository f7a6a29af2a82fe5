import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCourse } from '../../src/cli/course/build-course';
import { openPackageFolder, writePackageFolder } from '../../src/cli/course/package-folder';
import { generatePublisherKey } from '../../src/cli/course/publisher-key';
import { publishPackage } from '../../src/cli/course/publish-package';
import { createSession } from '../../src/server/auth/sessions';
import { ensureUser } from '../../src/server/auth/users';
import { startFaultProxy, type Fault, type FaultProxy } from './harness/fault-proxy';
import { serveTestApp } from './harness/serve-test-app';
import { testSize } from './harness/test-size';
import { useTestApp } from './test-app';
import { describeEachStore } from './test-stores';

const MiB = 1024 * 1024;
/** The video of the test course: 100 MB in `npm run test:long`; `npm test` sends a smaller one the same way. */
const VIDEO_BYTES = testSize({ fast: 24 * MiB + 12345, long: 100 * MiB + 12345 });
const VIDEO = 'media/video-perencanaan-desa.mp4';
/**
 * `npm test` sends 24 MB (about 15 s per store here): enough chunks to cut the link four times.
 * The 100 MB run pushes every byte through HTTP, a proxy and the store three times (upload,
 * completion hash, download): minutes on two shared cores, so it has its own limit.
 */
const TIMEOUT_MS = testSize({ fast: 120_000, long: 900_000 });
/** Video offsets (MiB) where the link cuts a chunk PUT: after the server stored it, or halfway through the body. */
const DROPPED_ANSWERS = [2, 7, 15];
const TRUNCATED = [11];
const CUT_AT = new Map<number, Fault>([
  ...DROPPED_ANSWERS.map((mib): [number, Fault] => [mib * MiB, { kind: 'drop-response' }]),
  ...TRUNCATED.map((mib): [number, Fault] => [mib * MiB, { kind: 'truncate-request' }]),
]);

/** Block `i` (1 MiB) of the video: counter-seeded xorshift, so any byte range can be rebuilt to check it. */
function videoBlock(i: number): Uint8Array<ArrayBuffer> {
  const words = new Uint32Array(MiB / 4);
  let x = (i + 1) * 2654435761;
  for (let w = 0; w < words.length; w++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[w] = x >>> 0;
  }
  return new Uint8Array(words.buffer);
}

/** Bytes `start..end` (inclusive) of the video, rebuilt. */
function videoSlice(start: number, end: number): Buffer {
  const parts: Uint8Array[] = [];
  for (let b = Math.floor(start / MiB); b <= Math.floor(end / MiB); b++) {
    const block = videoBlock(b);
    parts.push(block.subarray(Math.max(0, start - b * MiB), Math.min(MiB, end - b * MiB + 1)));
  }
  return Buffer.concat(parts);
}

async function writeVideo(path: string): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  for (let offset = 0; offset < VIDEO_BYTES; offset += MiB) {
    const block = videoBlock(offset / MiB).subarray(0, Math.min(MiB, VIDEO_BYTES - offset));
    hash.update(block);
    if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return hash.digest('hex');
}

describeEachStore('publishing a large video through the CLI upload', (kind) => {
  const t = useTestApp(kind);
  let work: string;
  let token: string;
  let learnerToken: string;
  let videoHash: string;
  let served: { url: string; close: () => Promise<void> };
  let proxy: FaultProxy;
  const chunkBodies: number[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'lentera-upload-'));
    const source = join(work, 'course');
    await cp('content/perencanaan-pembangunan-desa', source, { recursive: true });
    videoHash = await writeVideo(join(source, VIDEO));
    const key = await generatePublisherKey();
    await writePackageFolder(await buildCourse(source), key, join(work, 'package'));
    for (const role of ['author', 'learner'] as const) {
      const user = await ensureUser(t.store, { username: `cli-${role}`, name: role, role, desaCode: null });
      const session = (await createSession(t.store, user.id, undefined)).token;
      if (role === 'author') token = session;
      else learnerToken = session;
    }
    served = await serveTestApp(t.app);
    const cut = new Set<string>();
    proxy = await startFaultProxy(served.url, (_n, path, body): Fault => {
      // Each cut happens once; the retry of the same request passes (a flaky link, not a dead one).
      const once = (fault: Fault) => (cut.has(path) ? { kind: 'pass' as const } : (cut.add(path), fault));
      // The first answer to the video's completion is lost too: the server stored it, the CLI asks again.
      if (path.endsWith('/complete') && cut.size >= CUT_AT.size) return once({ kind: 'drop-response' });
      const offset = /\/chunks\/(\d+)$/.exec(path);
      if (!offset) return { kind: 'pass' };
      chunkBodies.push(body.length);
      const fault = CUT_AT.get(Number(offset[1]));
      return fault ? once(fault) : { kind: 'pass' };
    });
  }, TIMEOUT_MS);
  afterAll(async () => {
    await proxy?.close();
    await served?.close();
    await rm(work, { recursive: true, force: true });
  });

  it(
    'resumes across a stopped run and cut links, sending each byte about once, and serves it by Range',
    { timeout: TIMEOUT_MS },
    async () => {
      const pkg = await openPackageFolder(join(work, 'package'));
      const options = { server: proxy.url, token, retryDelayMs: 5 };
      // A run that gives up at the first cut (as a CLI killed mid-upload would) …
      await expect(publishPackage(pkg, { ...options, retries: 0 })).rejects.toThrow();
      const held = await t.store.query<{ received: string }>(`SELECT received FROM course_uploads`);
      expect(held.rows.length).toBe(1);
      expect(Number(held.rows[0]!.received)).toBeGreaterThan(0);
      // … and the next run continues from what the server holds, through the other cuts.
      const result = await publishPackage(pkg, options);
      expect(result).toMatchObject({ courseId: 'perencanaan-pembangunan-desa', version: '1.0.0' });

      // Every chunk crossed the link once, plus at most the one in flight at each cut.
      const cuts = DROPPED_ANSWERS.length + TRUNCATED.length;
      const sent = chunkBodies.reduce((a, b) => a + b, 0);
      expect(sent).toBeGreaterThanOrEqual(VIDEO_BYTES);
      expect(sent).toBeLessThanOrEqual(VIDEO_BYTES + cuts * MiB + 256 * 1024 /* the course's small files */);
      expect((await t.store.query(`SELECT 1 FROM course_uploads`)).rows.length).toBe(0);

      const get = (headers: Record<string, string> = {}) =>
        fetch(`${served.url}/api/course-files/${videoHash}`, {
          headers: { Authorization: `Bearer ${learnerToken}`, ...headers },
        });
      // The whole file, streamed and hashed as it arrives.
      const whole = await get();
      expect(whole.status).toBe(200);
      expect(whole.headers.get('content-length')).toBe(String(VIDEO_BYTES));
      const hash = createHash('sha256');
      let received = 0;
      for await (const part of whole.body as unknown as AsyncIterable<Uint8Array>) {
        hash.update(part);
        received += part.length;
      }
      expect({ received, hash: hash.digest('hex') }).toEqual({ received: VIDEO_BYTES, hash: videoHash });
      // Ranges at the start, across chunk boundaries, deep inside, and the tail, byte for byte.
      const ranges: Array<[number, number]> = [
        [0, 99],
        [MiB - 5, 3 * MiB + 4],
        [Math.floor(VIDEO_BYTES / 2), Math.floor(VIDEO_BYTES / 2) + 777_777],
        [VIDEO_BYTES - 12345, VIDEO_BYTES - 1],
      ];
      for (const [from, to] of ranges) {
        const part = await get({ Range: `bytes=${from}-${to}` });
        expect(part.status).toBe(206);
        expect(part.headers.get('content-range')).toBe(`bytes ${from}-${to}/${VIDEO_BYTES}`);
        expect(Buffer.from(await part.arrayBuffer()).equals(videoSlice(from, to))).toBe(true);
      }
      const beyond = await get({ Range: `bytes=${VIDEO_BYTES}-${VIDEO_BYTES + 10}` });
      expect(beyond.status).toBe(416);
      expect(beyond.headers.get('content-range')).toBe(`bytes */${VIDEO_BYTES}`);
    },
  );
});
