import { createHash } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { publishPackage } from '../../cli/course/publish-package';
import type { PublisherKey } from '../../cli/course/publisher-key';
import { FILE_CHUNK_BYTES, type CourseManifest } from '../../shared/course/manifest';
import { signManifest } from '../../shared/course/manifest-signature';
import type { SignedManifest } from '../../shared/course/signed-manifest';
import { demoPackage, generatePublisherKey } from '../../../tests/server/course-fixture';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import { createSession } from '../auth/sessions';
import { ensureUser } from '../auth/users';

const COURSE = 'perencanaan-pembangunan-desa';

/**
 * The body limit, and so the upload's chunk size: on neither the 256 KiB piece grid nor the 1 MiB
 * read grid, so the check reads pieces that straddle stored chunks. It still lets a 300 kB file in
 * one `PUT` (stored inline).
 */
const LIMIT = 400_000;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const pieceHashes = (bytes: Uint8Array) =>
  Array.from({ length: Math.ceil(bytes.length / FILE_CHUNK_BYTES) }, (_, i) =>
    sha256(bytes.subarray(i * FILE_CHUNK_BYTES, (i + 1) * FILE_CHUNK_BYTES)),
  );
/** A piece hash that is some other bytes' SHA-256. */
const wrong = (hash: string) => sha256(new TextEncoder().encode(`not ${hash}`));

describeEachStore('publish checks every piece hash of the manifest', (kind) => {
  const t = useTestApp(kind, { maxBodyBytes: LIMIT });
  let token = '';
  let key: PublisherKey;
  let pkg: Awaited<ReturnType<typeof demoPackage>>;
  /** A 300,000-byte file uploaded in one PUT (stored inline): two pieces, the last one short. */
  const inline = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251);
  const inlineEntry = {
    hash: sha256(inline),
    size: inline.length,
    path: 'media/lampiran.bin',
    type: 'application/octet-stream',
  };
  const errorOf = async (res: Response) =>
    ((await res.json()) as { error: { code: string; message: string; details?: unknown } }).error;
  const publishEnvelope = (envelope: SignedManifest) =>
    t.call('POST', '/api/courses', { token, json: { envelope, quizzes: pkg.serverQuizzes } });
  const publishManifest = async (m: CourseManifest) =>
    publishEnvelope(await signManifest(m, key.privateKey, key.publicKey));
  /** The demo manifest as a new version, with the inline file listed with its right pieces. */
  const nextVersion = (version: string) => {
    const m = structuredClone(pkg.built.manifest);
    m.version = version;
    m.files.push({ ...inlineEntry, chunks: pieceHashes(inline) });
    return m;
  };
  const video = (m: CourseManifest) => m.files.find((f) => f.type === 'video/mp4')!;
  const latest = async () => {
    const res = await t.call('GET', `/api/courses/${COURSE}/versions/latest`, { token });
    return JSON.parse(((await res.json()) as { manifest: string }).manifest) as CourseManifest;
  };
  const versionsStored = async () =>
    Number(
      (await t.store.query<{ n: string }>(`SELECT count(*) AS n FROM course_versions WHERE course_id = $1`, [COURSE]))
        .rows[0]!.n,
    );

  beforeAll(async () => {
    const user = await ensureUser(t.store, {
      username: 'piece-author',
      name: 'Author',
      role: 'author',
      desaCode: null,
    });
    token = (await createSession(t.store, user.id, undefined)).token;
    key = await generatePublisherKey();
    pkg = await demoPackage(key);
    // Version 1 through the CLI: the video goes through the resumable upload, in stored chunks.
    const viaApp = ((url: URL | string, init?: RequestInit) => t.app.request(url.toString(), init)) as typeof fetch;
    await publishPackage(pkg, { server: 'http://lentera.test', token, fetch: viaApp });
    const put = await t.app.request(`/api/course-files/${inlineEntry.hash}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': inlineEntry.type },
      body: inline,
    });
    expect(put.status).toBe(201);
  });

  it('the demo video has pieces, and version 1 published with them', async () => {
    const v = video(pkg.built.manifest);
    expect(v.size).toBeGreaterThan(4 * FILE_CHUNK_BYTES);
    expect(v.chunks).toHaveLength(Math.ceil(v.size / FILE_CHUNK_BYTES));
    expect((await latest()).version).toBe('1.0.0');
  });

  it.each([
    ['a middle piece of the chunk-stored video', (m: CourseManifest) => video(m), 2],
    ['the short last piece of the video', (m: CourseManifest) => video(m), -1],
    ['the first piece of the inline file', (m: CourseManifest) => m.files.find((f) => f.path === inlineEntry.path)!, 0],
  ] as const)(
    'one wrong hash in %s: 422 piece_hash_mismatch naming the file and piece; v1 stays live',
    async (_, pick, at) => {
      const m = nextVersion('1.1.0');
      const file = pick(m);
      const piece = at < 0 ? file.chunks!.length + at : at;
      file.chunks![piece] = wrong(file.chunks![piece]!);
      const res = await publishManifest(m);
      expect(res.status).toBe(422);
      const error = await errorOf(res);
      expect(error).toMatchObject({
        code: 'piece_hash_mismatch',
        details: { path: file.path, hash: file.hash, piece },
      });
      expect(error.message).toContain(`${file.path}: piece ${piece}`);
      expect(await versionsStored()).toBe(1);
      expect((await latest()).version).toBe('1.0.0');
    },
  );

  it('too few pieces, too many, or pieces on a file of one piece or less: 400 malformed_manifest, nothing stored', async () => {
    const short = nextVersion('1.1.0');
    video(short).chunks!.pop();
    const long = nextVersion('1.1.0');
    video(long).chunks!.push(video(long).chunks![0]!);
    const small = nextVersion('1.1.0');
    const svg = small.files.find((f) => f.type === 'image/svg+xml')!;
    expect(svg.size).toBeLessThanOrEqual(FILE_CHUNK_BYTES);
    svg.chunks = [svg.hash];
    for (const m of [short, long, small]) {
      const res = await publishManifest(m);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('malformed_manifest');
    }
    expect(await versionsStored()).toBe(1);
  });

  it('a video declared one byte longer or shorter than stored: 400 size_mismatch naming it, nothing stored', async () => {
    for (const delta of [1, -1]) {
      const m = nextVersion('1.1.0');
      video(m).size += delta; // still five pieces: the size, not the piece count, gives it away
      const res = await publishManifest(m);
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe('size_mismatch');
      expect(error.message).toContain(video(m).path);
    }
    expect(await versionsStored()).toBe(1);
  });

  it('the right pieces publish, the same version again answers 200, and it becomes the live one', async () => {
    const envelope = await signManifest(nextVersion('1.1.0'), key.privateKey, key.publicKey);
    expect((await publishEnvelope(envelope)).status).toBe(201);
    expect((await publishEnvelope(envelope)).status).toBe(200);
    expect((await latest()).version).toBe('1.1.0');
    expect(await versionsStored()).toBe(2);
  });

  it('a stored video missing a chunk (a damaged store) is refused naming the first missing piece, never a 5xx', async () => {
    const v = video(pkg.built.manifest);
    const { rows } = await t.store.query<{ chunk_set: string }>(`SELECT chunk_set FROM course_files WHERE hash = $1`, [
      v.hash,
    ]);
    expect(rows[0]!.chunk_set).toBeTruthy(); // stored in chunks of LIMIT bytes
    await t.store.query(`DELETE FROM course_file_chunks WHERE chunk_set = $1 AND seq = 2`, [rows[0]!.chunk_set]);
    const res = await publishManifest(nextVersion('1.2.0'));
    expect(res.status).toBe(422);
    const piece = Math.floor((2 * LIMIT) / FILE_CHUNK_BYTES);
    expect(await errorOf(res)).toMatchObject({ code: 'piece_hash_mismatch', details: { path: v.path, piece } });
    expect((await latest()).version).toBe('1.1.0');
  });
});
