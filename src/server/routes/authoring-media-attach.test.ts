import { createHash } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { DRAFT_MEDIA_MAX_BYTES } from '../../shared/authoring/authoring-api';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import { createSession } from '../auth/sessions';
import { ensureUser } from '../auth/users';

/** The body limit here, and so the chunk size: a file of a few chunks keeps the test small. */
const LIMIT = 64 * 1024;
const COURSE = 'kursus-video';

/** An MP4 by its signature (an `ftyp` box), followed by deterministic bytes: several chunks long. */
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
/** A real 1×1 PNG. */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
  (ch) => ch.charCodeAt(0),
);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const digest = (bytes: Uint8Array) => `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`;

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

describeEachStore('browser authoring: a file from the resumable upload attached to a draft', (kind) => {
  const t = useTestApp(kind, { maxBodyBytes: LIMIT });
  const tokens = { author: '', author2: '', learner: '', operator: '' };
  const media = `/api/authoring/courses/${COURSE}/media`;
  const attach = (body: unknown, token = tokens.author, course = COURSE) =>
    t.call('POST', `/api/authoring/courses/${course}/media`, { token, json: body });
  const error = async (res: Response) => ((await res.json()) as ErrorBody).error;

  /** Uploads `file` chunk by chunk as the browser does, up to `until` bytes; completes it when all are sent. */
  async function upload(file: Uint8Array<ArrayBuffer>, type: string, token = tokens.author, until = file.length) {
    const start = await t.call('POST', '/api/course-uploads', {
      token,
      json: { sha256: sha256(file), size: file.length, type },
    });
    const started = (await start.json()) as { stored: boolean; uploadId: string; offset: number; chunkBytes: number };
    if (started.stored) return;
    let offset = started.offset;
    while (offset < until) {
      const bytes = file.subarray(offset, Math.min(offset + started.chunkBytes, file.length));
      const res = await t.app.request(`/api/course-uploads/${started.uploadId}/chunks/${offset}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${token}`, 'Content-Digest': digest(bytes) },
        body: bytes,
      });
      expect(res.status).toBe(200);
      offset = ((await res.json()) as { offset: number }).offset;
    }
    if (offset < file.length) return;
    const done = await t.call('POST', `/api/course-uploads/${started.uploadId}/complete`, { token });
    expect(done.status).toBeLessThan(300);
  }

  beforeAll(async () => {
    for (const role of ['author', 'author2', 'learner', 'operator'] as const) {
      const user = await ensureUser(t.store, {
        username: `m-${role}`,
        name: role,
        role: role === 'author2' ? 'author' : role,
        desaCode: null,
      });
      tokens[role] = (await createSession(t.store, user.id, undefined)).token;
    }
    const res = await t.call('POST', '/api/authoring/courses', {
      token: tokens.author,
      json: { id: COURSE, title: 'Kursus video' },
    });
    expect(res.status).toBe(201);
  });

  it('attaches a video of several chunks under its name; the draft lists it and the editor gets its bytes back', async () => {
    const video = mp4Of(5 * LIMIT + 123, 1);
    await upload(video, 'video/mp4');
    const res = await attach({ name: 'rapat.mp4', sha256: sha256(video), type: 'video/mp4' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      name: 'rapat.mp4',
      path: 'media/rapat.mp4',
      type: 'video/mp4',
      size: video.length,
      hash: sha256(video),
    });
    const draft = (await (
      await t.call('GET', `/api/authoring/courses/${COURSE}`, { token: tokens.author })
    ).json()) as {
      media: Array<{ name: string; size: number }>;
    };
    expect(draft.media).toMatchObject([{ name: 'rapat.mp4', size: video.length }]);
    const back = await t.call('GET', `${media}/rapat.mp4`, { token: tokens.author });
    expect(back.headers.get('content-type')).toBe('video/mp4');
    expect(back.headers.get('content-length')).toBe(String(video.length));
    expect(sha256(new Uint8Array(await back.arrayBuffer()))).toBe(sha256(video));
  });

  it('a lesson linking the attached video previews with the file in the package', async () => {
    const video = mp4Of(5 * LIMIT + 123, 1);
    const saved = await t.call('PUT', `/api/authoring/courses/${COURSE}/lessons/rapat`, {
      token: tokens.author,
      json: { markdown: '# Rapat desa\n\n![Rapat desa](media/rapat.mp4)\n' },
    });
    expect(saved.status).toBe(204);
    const preview = await t.call('GET', `/api/authoring/courses/${COURSE}/preview`, { token: tokens.author });
    expect(preview.status).toBe(200);
    const { manifest } = (await preview.json()) as { manifest: { files: Array<{ path: string; hash: string }> } };
    expect(manifest.files).toContainEqual(expect.objectContaining({ path: 'media/rapat.mp4', hash: sha256(video) }));
  });

  it('a file uploaded without a type (octet-stream) is served with the type its name and bytes agree on once attached', async () => {
    const video = mp4Of(LIMIT + 5, 3);
    await upload(video, 'application/octet-stream');
    const res = await attach({ name: 'tanpa-jenis.mp4', sha256: sha256(video), type: 'application/octet-stream' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { type: string }).type).toBe('video/mp4');
    const served = await t.call('GET', `/api/course-files/${sha256(video)}`, { token: tokens.author });
    expect(served.headers.get('content-type')).toBe('video/mp4');
  });

  it('refuses a hash the server does not hold: 404 file_not_found', async () => {
    const res = await attach({ name: 'hilang.mp4', sha256: sha256(mp4Of(100, 9)) });
    expect(res.status).toBe(404);
    expect((await error(res)).code).toBe('file_not_found');
  });

  it("refuses a file whose upload is not complete yet: 409 upload_incomplete with the offset; another account's upload stays its own", async () => {
    const video = mp4Of(3 * LIMIT, 2);
    await upload(video, 'video/mp4', tokens.author, LIMIT);
    const res = await attach({ name: 'setengah.mp4', sha256: sha256(video) });
    expect(res.status).toBe(409);
    expect(await error(res)).toMatchObject({ code: 'upload_incomplete', details: { offset: LIMIT } });
    // The upload is remembered per account: for anyone else the file is simply not there.
    const other = await attach({ name: 'setengah.mp4', sha256: sha256(video) }, tokens.author2);
    expect(other.status).toBe(404);
    expect((await error(other)).code).toBe('file_not_found');
  });

  it('refuses a name no lesson can show, and a declared type the name disagrees with: 415', async () => {
    const video = mp4Of(5 * LIMIT + 123, 1);
    const cases: Array<[unknown, string]> = [
      [{ name: 'alat.exe', sha256: sha256(video) }, 'media_type_unsupported'],
      [{ name: 'rapat.mp4', sha256: sha256(video), type: 'video/webm' }, 'media_type_mismatch'],
    ];
    for (const [body, code] of cases) {
      const res = await attach(body);
      expect(res.status).toBe(415);
      expect((await error(res)).code).toBe(code);
    }
  });

  it("refuses stored bytes whose own signature is not the name's type (a PNG named .mp4): 415, nothing listed", async () => {
    await upload(PNG, 'video/mp4');
    const res = await attach({ name: 'palsu.mp4', sha256: sha256(PNG), type: 'video/mp4' });
    expect(res.status).toBe(415);
    expect(await error(res)).toMatchObject({
      code: 'media_type_mismatch',
      details: { expected: 'video/mp4', found: 'image/png' },
    });
    const draft = (await (
      await t.call('GET', `/api/authoring/courses/${COURSE}`, { token: tokens.author })
    ).json()) as {
      media: Array<{ name: string }>;
    };
    expect(draft.media.map((m) => m.name)).not.toContain('palsu.mp4');
  });

  it('refuses a stored file over the limit (413 media_too_large, details.limit) before reading any of it', async () => {
    // A row as a 300 MB upload would leave it; its bytes are never read, so none are needed here.
    const hash = 'f'.repeat(64);
    await t.store.query(`INSERT INTO course_files (hash, size, type, data) VALUES ($1, $2, 'video/mp4', ''::bytea)`, [
      hash,
      DRAFT_MEDIA_MAX_BYTES + 1,
    ]);
    const res = await attach({ name: 'besar.mp4', sha256: hash });
    expect(res.status).toBe(413);
    expect(await error(res)).toMatchObject({ code: 'media_too_large', details: { limit: DRAFT_MEDIA_MAX_BYTES } });
  });

  it("another author attaches to a draft they did not create (drafts belong to the instance's authors); an unknown draft is 404", async () => {
    const image = new Uint8Array([...PNG]);
    const res = await attach({ name: 'peta.png', sha256: sha256(image), type: 'image/png' }, tokens.author2);
    expect(res.status).toBe(200);
    const missing = await attach({ name: 'peta.png', sha256: sha256(image) }, tokens.author2, 'tidak-ada');
    expect(missing.status).toBe(404);
    expect((await error(missing)).code).toBe('draft_not_found');
  });

  it('refuses a learner and an operator (403) and a body that is not a name and a hash (400), never a 5xx', async () => {
    const video = mp4Of(5 * LIMIT + 123, 1);
    for (const token of [tokens.learner, tokens.operator]) {
      expect((await attach({ name: 'rapat.mp4', sha256: sha256(video) }, token)).status).toBe(403);
    }
    for (const body of [
      {},
      { name: '../rahasia.mp4', sha256: sha256(video) },
      { name: 'rapat.mp4', sha256: 'BAD' },
      { name: 'rapat.mp4', sha256: sha256(video), extra: 1 },
      [],
    ]) {
      const res = await attach(body);
      expect(res.status).toBe(400);
      expect((await error(res)).code).toBe('invalid_request');
    }
  });

  it('publishes the lesson with the attached video: phones get the uploaded bytes, stored once in their chunks', async () => {
    const video = mp4Of(5 * LIMIT + 123, 1);
    const res = await t.call('POST', `/api/authoring/courses/${COURSE}/publish`, { token: tokens.author, json: {} });
    expect(res.status).toBe(201);
    const served = await t.call('GET', `/api/course-files/${sha256(video)}`, { token: tokens.learner });
    expect(served.status).toBe(200);
    expect(sha256(new Uint8Array(await served.arrayBuffer()))).toBe(sha256(video));
    const { rows } = await t.store.query<{ chunked: boolean }>(
      `SELECT chunk_set IS NOT NULL AS chunked FROM course_files WHERE hash = $1`,
      [sha256(video)],
    );
    expect(rows).toEqual([{ chunked: true }]);
  });
});
