import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import { FILE_CHUNK_BYTES, chunkCount, type FileEntry } from '../../shared/course/manifest';
import { parseManifestText } from '../../shared/course/manifest-signature';
import { createSession } from '../auth/sessions';
import { ensureUser } from '../auth/users';
import { SLICE_BYTES } from '../courses/course-file-body';
import { checkFilePieces } from '../courses/check-file-pieces';
import { findSignedManifest } from '../courses/find-signed-manifest';
import type { Queryable } from '../store/store';
import { buildDraft } from './build-draft';
import { getDraft } from './get-draft';

/** The body limit, and so the upload's chunk size: not a multiple of a piece, so pieces straddle chunks. */
const LIMIT = 200 * 1024;
const COURSE = 'kursus-potongan';
/** Over one 1 MiB store slice, so pieces straddle slices too; the last piece is short. */
const VIDEO_BYTES = SLICE_BYTES + 2 * FILE_CHUNK_BYTES + 4321;

/** An MP4 by its signature (an `ftyp` box), followed by deterministic bytes. */
function mp4Of(size: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  out.set([
    0,
    0,
    0,
    0x18,
    ...new TextEncoder().encode('ftypisom'),
    0,
    0,
    2,
    0,
    ...new TextEncoder().encode('isomavc1'),
  ]);
  return out;
}
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const digest = (bytes: Uint8Array) => `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`;
/** The per-piece hashes recomputed here, from the whole bytes, independently of the builder. */
const piecesOf = (bytes: Uint8Array) =>
  Array.from({ length: chunkCount(bytes.length) }, (_, i) =>
    sha256(bytes.subarray(i * FILE_CHUNK_BYTES, (i + 1) * FILE_CHUNK_BYTES)),
  );

describeEachStore('publishing a browser-authored draft: piece hashes for stored media, streamed', (kind) => {
  const t = useTestApp(kind, { maxBodyBytes: LIMIT });
  const tokens = { author: '', learner: '' };
  const video = mp4Of(VIDEO_BYTES, 7);

  async function upload(file: Uint8Array<ArrayBuffer>, type: string) {
    const start = await t.call('POST', '/api/course-uploads', {
      token: tokens.author,
      json: { sha256: sha256(file), size: file.length, type },
    });
    const started = (await start.json()) as { stored: boolean; uploadId: string; offset: number; chunkBytes: number };
    if (started.stored) return;
    let offset = started.offset;
    while (offset < file.length) {
      const bytes = file.subarray(offset, Math.min(offset + started.chunkBytes, file.length));
      const res = await t.app.request(`/api/course-uploads/${started.uploadId}/chunks/${offset}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${tokens.author}`, 'Content-Digest': digest(bytes) },
        body: bytes,
      });
      expect(res.status).toBe(200);
      offset = ((await res.json()) as { offset: number }).offset;
    }
    const done = await t.call('POST', `/api/course-uploads/${started.uploadId}/complete`, { token: tokens.author });
    expect(done.status).toBeLessThan(300);
  }

  const lesson = (id: string, markdown: string) =>
    t.call('PUT', `/api/authoring/courses/${COURSE}/lessons/${id}`, { token: tokens.author, json: { markdown } });

  beforeAll(async () => {
    for (const role of ['author', 'learner'] as const) {
      const user = await ensureUser(t.store, { username: `p-${role}`, name: role, role, desaCode: null });
      tokens[role] = (await createSession(t.store, user.id, undefined)).token;
    }
    const res = await t.call('POST', '/api/authoring/courses', {
      token: tokens.author,
      json: { id: COURSE, title: 'Kursus potongan' },
    });
    expect(res.status).toBe(201);
    await upload(video, 'video/mp4');
    const attached = await t.call('POST', `/api/authoring/courses/${COURSE}/media`, {
      token: tokens.author,
      json: { name: 'rapat.mp4', sha256: sha256(video), type: 'video/mp4' },
    });
    expect(attached.status).toBe(200);
    // Two lessons show the same video: it is listed once and streamed once.
    expect((await lesson('rapat', '# Rapat desa\n\n![Rapat desa](media/rapat.mp4)\n')).status).toBe(204);
    expect((await lesson('ulang', '# Ulangan\n\n![Rapat lagi](media/rapat.mp4)\n')).status).toBe(204);
  });

  it('the draft build reads stored media one slice at a time, never whole, and each byte once', async () => {
    const asked: Array<{ start: number; length: number }> = [];
    const watched: Queryable = {
      query: (async (text: string, params?: unknown[]) => {
        // readFileSlice's own query: the slice it asks for (1-based start, length).
        if (/substring\(data FROM/.test(text) && params?.[0] === sha256(video)) {
          asked.push({ start: Number(params[1]) - 1, length: Number(params[2]) });
        }
        return t.store.query(text, params);
      }) as Queryable['query'],
    };
    const built = await buildDraft(watched, await getDraft(t.store, COURSE), '1.0.0');
    expect(asked.length).toBeGreaterThan(1);
    expect(Math.max(...asked.map((a) => a.length))).toBeLessThanOrEqual(SLICE_BYTES);
    expect(asked.reduce((sum, a) => sum + a.length, 0)).toBe(video.length);
    expect(asked.map((a) => a.start)).toEqual(asked.map((_, i) => i * SLICE_BYTES));
    // The package's in-memory files are the lessons only; the video is listed, not held.
    expect(built.files.has(sha256(video))).toBe(false);
    const listed = built.manifest.files.filter((f) => f.hash === sha256(video));
    expect(listed).toEqual([
      { hash: sha256(video), size: video.length, path: 'media/rapat.mp4', type: 'video/mp4', chunks: piecesOf(video) },
    ]);
  });

  it('publishes with chunks that match the stored bytes: the publish check passes and each piece a phone fetches by Range hashes to its entry', async () => {
    const res = await t.call('POST', `/api/authoring/courses/${COURSE}/publish`, { token: tokens.author, json: {} });
    expect(res.status).toBe(201);
    const found = await findSignedManifest(t.store, COURSE, 'latest');
    // What the phone parses from the signed envelope (schema: one hash per 256 KiB).
    const manifest = parseManifestText(found!.envelope.manifest);
    const entry = manifest.files.find((f) => f.path === 'media/rapat.mp4') as FileEntry;
    expect(entry.chunks).toEqual(piecesOf(video));
    expect(entry.chunks).toHaveLength(7);
    await expect(checkFilePieces(t.store, manifest.files)).resolves.toBeUndefined();
    // The phone's download asks for each 256 KiB piece by Range and checks it against `chunks`.
    for (let i = 0; i < entry.chunks!.length; i++) {
      const start = i * FILE_CHUNK_BYTES;
      const end = Math.min(start + FILE_CHUNK_BYTES, entry.size) - 1;
      const piece = await t.call('GET', `/api/course-files/${entry.hash}`, {
        token: tokens.learner,
        headers: { Range: `bytes=${start}-${end}` },
      });
      expect(piece.status).toBe(206);
      expect(sha256(new Uint8Array(await piece.arrayBuffer()))).toBe(entry.chunks![i]);
    }
  });

  it('a stored video shorter than its recorded size is a draft problem naming the file (422), never a 5xx', async () => {
    await t.store.query(`UPDATE course_files SET size = size + 1 WHERE hash = $1`, [sha256(video)]);
    try {
      const res = await t.call('GET', `/api/authoring/courses/${COURSE}/preview`, { token: tokens.author });
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('draft_invalid');
      expect(body.error.message).toContain('media/rapat.mp4');
    } finally {
      await t.store.query(`UPDATE course_files SET size = size - 1 WHERE hash = $1`, [sha256(video)]);
    }
  });
});

it('the draft build has no whole-file read of stored media left: media goes to the builder as stored files', async () => {
  const source = await readFile('src/server/authoring/build-draft.ts', 'utf8');
  // The old path allocated the whole file (new Uint8Array(size)) and filled it slice by slice.
  expect(source).not.toMatch(/new Uint8Array\(/);
  expect(source).not.toMatch(/\.set\(slice/);
  expect(source).toMatch(/buildPackage\(\{[^}]*\bstored\b[^}]*\}\)/);
});
