import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishPackage } from '../../cli/course/publish-package';
import type { PublisherKey } from '../../cli/course/publisher-key';
import { sha256Hex } from '../../shared/course/bytes';
import { signManifest, verifySignedManifest } from '../../shared/course/manifest-signature';
import type { SignedManifest } from '../../shared/course/signed-manifest';
import { demoPackage, generatePublisherKey } from '../../../tests/server/course-fixture';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import { createSession } from '../auth/sessions';
import { ensureUser } from '../auth/users';
import { getQuizDocument } from '../courses/get-quiz-document';

const COURSE = 'perencanaan-pembangunan-desa';

describeEachStore('course routes', (kind) => {
  const t = useTestApp(kind);
  const tokens = { author: '', learner: '' };
  let key: PublisherKey;
  let pkg: Awaited<ReturnType<typeof demoPackage>>;
  const viaApp = ((url: URL | string, init?: RequestInit) => t.app.request(url.toString(), init)) as typeof fetch;
  const publish = (p: typeof pkg, token = tokens.author) =>
    publishPackage(p, { server: 'http://lentera.test', token, fetch: viaApp });
  const publishRaw = (envelope: SignedManifest, quizzes = pkg.serverQuizzes) =>
    t.call('POST', '/api/courses', { token: tokens.author, json: { envelope, quizzes } });
  const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

  beforeAll(async () => {
    for (const role of ['author', 'learner'] as const) {
      const user = await ensureUser(t.store, { username: `c-${role}`, name: role, role, desaCode: null });
      tokens[role] = (await createSession(t.store, user.id, undefined)).token;
    }
    key = await generatePublisherKey();
    pkg = await demoPackage(key);
  });

  describe('publish', () => {
    it('refuses learners (403) and anonymous callers (401)', async () => {
      const body = { json: { envelope: pkg.envelope, quizzes: pkg.serverQuizzes } };
      expect((await t.call('POST', '/api/courses', { ...body, token: tokens.learner })).status).toBe(403);
      expect((await t.call('POST', '/api/courses', body)).status).toBe(401);
      const [hash, bytes] = [...pkg.files][0]!;
      const put = await t.app.request(`/api/course-files/${hash}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${tokens.learner}` },
        body: bytes,
      });
      expect(put.status).toBe(403);
    });

    it('asks for the missing files, takes them, then publishes; a re-run uploads nothing', async () => {
      const first = await publish(pkg);
      expect(first).toMatchObject({ courseId: COURSE, version: '1.0.0', uploaded: pkg.files.size });
      const again = await publish(pkg);
      expect(again).toMatchObject({ uploaded: 0, uploadedBytes: 0 });
    });

    it('rejects an uploaded file whose bytes do not match its hash (tampered)', async () => {
      const [hash, bytes] = [...pkg.files][0]!;
      const tampered = new Uint8Array(bytes);
      tampered[0] = tampered[0]! ^ 0xff;
      const res = await t.app.request(`/api/course-files/${hash}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${tokens.author}` },
        body: tampered,
      });
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('hash_mismatch');
    });

    it('rejects a truncated upload (hash_mismatch) and a truncated publish body (malformed_json)', async () => {
      const [hash, bytes] = [...pkg.files].find(([, b]) => b.length > 1000)!;
      const cut = await t.app.request(`/api/course-files/${hash}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${tokens.author}` },
        body: bytes.slice(0, bytes.length - 100),
      });
      expect(cut.status).toBe(400);
      expect(await errorCode(cut)).toBe('hash_mismatch');
      const body = JSON.stringify({ envelope: pkg.envelope, quizzes: pkg.serverQuizzes });
      const res = await t.app.request('/api/courses', {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokens.author}`, 'Content-Type': 'application/json' },
        body: body.slice(0, body.length / 2),
      });
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('malformed_json');
    });

    it('rejects a manifest changed after signing with bad_signature', async () => {
      const v2 = await demoPackage(key, { version: '1.5.0' });
      const forged = {
        ...v2.envelope,
        manifest: v2.envelope.manifest.replace('"title":"Perencanaan', '"title":"Palsu'),
      };
      const res = await publishRaw(forged, v2.serverQuizzes);
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('bad_signature');
    });

    it('rejects a validly signed but malformed manifest with malformed_manifest', async () => {
      const broken = {
        ...pkg.built.manifest,
        version: '2.0.0',
        files: [{ hash: 'nope', size: -1, path: '', type: 'x' }],
      };
      const envelope = await signManifest(broken as never, key.privateKey, key.publicKey);
      const res = await publishRaw(envelope);
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('malformed_manifest');
    });

    it('rejects a manifest whose file size does not match the stored file', async () => {
      const m = structuredClone(pkg.built.manifest);
      m.version = '2.0.0';
      m.files[0]!.size += 1;
      const res = await publishRaw(await signManifest(m, key.privateKey, key.publicKey));
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('size_mismatch');
    });

    it('rejects an ujian whose device file carries the answer key', async () => {
      const m = structuredClone(pkg.built.manifest);
      m.version = '2.0.0';
      const full = pkg.serverQuizzes.find((q) => q.id === 'pretest')!;
      const leaked = new TextEncoder().encode(JSON.stringify(full));
      const hash = await sha256Hex(leaked);
      await t.app.request(`/api/course-files/${hash}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${tokens.author}` },
        body: leaked,
      });
      m.files.push({ hash, size: leaked.length, path: 'quizzes/pretest.json', type: 'application/json' });
      m.pretest!.file = hash;
      const res = await publishRaw(await signManifest(m, key.privateKey, key.publicKey));
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('ujian_key_in_package');
    });

    it('rejects a version signed with another publisher key, and a version that is not newer', async () => {
      const other = await demoPackage(await generatePublisherKey(), { version: '3.0.0' });
      const res = await publishRaw(other.envelope, other.serverQuizzes);
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('key_mismatch');
      const older = await demoPackage(key, { version: '0.9.0' });
      const res2 = await publishRaw(older.envelope, older.serverQuizzes);
      expect(res2.status).toBe(409);
      expect(await errorCode(res2)).toBe('version_not_newer');
    });

    it('rejects a body that is not a publish request with invalid_request', async () => {
      const res = await t.call('POST', '/api/courses', { token: tokens.author, json: { envelope: { manifest: 1 } } });
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('invalid_request');
    });

    it('the same new version published 3× at once: one 201, the others 200, no 5xx', async () => {
      const other = await demoPackage(key, { course: 'pengelolaan-keuangan-desa' });
      for (const [hash, bytes] of other.files) {
        await t.app.request(`/api/course-files/${hash}`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${tokens.author}` },
          body: bytes,
        });
      }
      const statuses = await Promise.all([1, 2, 3].map(() => publishRaw(other.envelope, other.serverQuizzes)));
      expect(statuses.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    });

    it('keeps the full quiz (with ujian keys) for grading: getQuizDocument', async () => {
      const quiz = await getQuizDocument(t.store, COURSE, '1.0.0', 'posttest');
      expect(quiz).toMatchObject({ role: 'posttest', passScore: 70 });
      expect(Object.keys(quiz!.doc.keys!)).toHaveLength(quiz!.doc.questions.length);
      expect(await getQuizDocument(t.store, COURSE, '1.0.0', 'nope')).toBeNull();
    });
  });

  it('documents its operations in the OpenAPI document', async () => {
    const doc = (await (await t.call('GET', '/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids).toEqual(
      expect.arrayContaining([
        'listCourses',
        'getCourseManifest',
        'getCourseFile',
        'publishCourse',
        'uploadCourseFile',
      ]),
    );
  });

  describe('catalog and manifest', () => {
    it('lists the course with its size and versions', async () => {
      const res = await t.call('GET', '/api/courses', { token: tokens.learner });
      expect(res.status).toBe(200);
      const list = (await res.json()) as Array<{ id: string; sizeBytes: number; versions: unknown[] }>;
      const course = list.find((c) => c.id === COURSE);
      const size = pkg.built.manifest.files.reduce((s, f) => s + f.size, 0);
      expect(course).toMatchObject({ id: COURSE, sizeBytes: size, latestVersion: '1.0.0', withdrawn: false });
      expect(course!.versions).toHaveLength(1);
    });

    it('serves the signed manifest byte-exact so the phone can verify it', async () => {
      for (const version of ['1.0.0', 'latest']) {
        const res = await t.call('GET', `/api/courses/${COURSE}/versions/${version}`, { token: tokens.learner });
        expect(res.status).toBe(200);
        const envelope = (await res.json()) as SignedManifest;
        expect(envelope).toEqual(pkg.envelope);
        expect((await verifySignedManifest(envelope)).version).toBe('1.0.0');
      }
      const missing = await t.call('GET', `/api/courses/${COURSE}/versions/9.9.9`, { token: tokens.learner });
      expect(missing.status).toBe(404);
    });
  });

  describe('files', () => {
    const audio = () => pkg.built.manifest.files.find((f) => f.type === 'audio/wav')!;
    const get = (hash: string, headers: Record<string, string> = {}) =>
      t.call('GET', `/api/course-files/${hash}`, { token: tokens.learner, headers });

    it('serves a whole file with immutable caching and an ETag; If-None-Match gives 304', async () => {
      const f = audio();
      const res = await get(f.hash);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('immutable');
      expect(res.headers.get('etag')).toBe(`"${f.hash}"`);
      expect(res.headers.get('content-type')).toBe('audio/wav');
      expect(await sha256Hex(await res.arrayBuffer())).toBe(f.hash);
      expect((await get(f.hash, { 'If-None-Match': `"${f.hash}"` })).status).toBe(304);
    });

    it('answers Range with 206 and exactly those bytes', async () => {
      const f = audio();
      const whole = new Uint8Array(pkg.files.get(f.hash)!);
      const res = await get(f.hash, { Range: 'bytes=1000-1999' });
      expect(res.status).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes 1000-1999/${f.size}`);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(whole.slice(1000, 2000));
      const tail = await get(f.hash, { Range: 'bytes=-100' });
      expect(tail.status).toBe(206);
      expect(new Uint8Array(await tail.arrayBuffer())).toEqual(whole.slice(-100));
      const open = await get(f.hash, { Range: `bytes=${f.size - 5}-` });
      expect((await open.arrayBuffer()).byteLength).toBe(5);
    });

    it('answers a range past the end with 416 and the real size', async () => {
      const f = audio();
      const res = await get(f.hash, { Range: `bytes=${f.size}-` });
      expect(res.status).toBe(416);
      expect(res.headers.get('content-range')).toBe(`bytes */${f.size}`);
    });

    it('rejects a malformed hash (400) and an unknown one (404)', async () => {
      expect((await get('not-a-hash')).status).toBe(400);
      expect(await errorCode(await get('0'.repeat(64)))).toBe('file_not_found');
    });
  });

  describe('updates and withdrawal', () => {
    it('a new version with one changed lesson uploads only that lesson', async () => {
      const v2 = await demoPackage(key, {
        version: '1.1.0',
        edit: (dir) => appendFile(join(dir, 'lessons/05-pagu-indikatif.md'), '\nTambahan: contoh pagu.\n'),
      });
      const result = await publish(v2);
      expect(result).toMatchObject({ version: '1.1.0', uploaded: 1 });
      const list = (await (await t.call('GET', '/api/courses', { token: tokens.learner })).json()) as Array<{
        id: string;
        latestVersion: string;
        versions: unknown[];
      }>;
      const course = list.find((c) => c.id === COURSE);
      expect(course).toMatchObject({ latestVersion: '1.1.0' });
      expect(course!.versions).toHaveLength(2);
    });

    it('withdrawal follows the publishing rule: another author gets 403 not_course_publisher, an admin may', async () => {
      const other = await ensureUser(t.store, { username: 'c-author-2', name: 'Author 2', role: 'author' });
      const otherToken = (await createSession(t.store, other.id, undefined)).token;
      const res = await t.call('POST', `/api/courses/${COURSE}/withdraw`, { token: otherToken });
      expect([res.status, await errorCode(res)]).toEqual([403, 'not_course_publisher']);
      const still = await t.call('GET', `/api/courses/${COURSE}/versions/latest`, { token: tokens.learner });
      expect(still.status).toBe(200);
      expect((await t.call('POST', '/api/courses/no-such-course/withdraw', { token: otherToken })).status).toBe(404);
    });

    it('a withdrawn course answers 410 course_withdrawn and its files are no longer served', async () => {
      const hash = pkg.built.manifest.files[0]!.hash;
      expect((await t.call('POST', `/api/courses/${COURSE}/withdraw`, { token: tokens.learner })).status).toBe(403);
      expect((await t.call('POST', `/api/courses/${COURSE}/withdraw`, { token: tokens.author })).status).toBe(204);
      const res = await t.call('GET', `/api/courses/${COURSE}/versions/latest`, { token: tokens.learner });
      expect(res.status).toBe(410);
      expect(await errorCode(res)).toBe('course_withdrawn');
      const list = (await (await t.call('GET', '/api/courses', { token: tokens.learner })).json()) as Array<{
        id: string;
      }>;
      expect(list.find((c) => c.id === COURSE)).toMatchObject({ withdrawn: true });
      expect((await t.call('GET', `/api/course-files/${hash}`, { token: tokens.learner })).status).toBe(404);
    });

    it('an admin may withdraw any course', async () => {
      const admin = await ensureUser(t.store, { username: 'c-admin', name: 'Admin', role: 'admin' });
      const adminToken = (await createSession(t.store, admin.id, undefined)).token;
      await t.store.query(`UPDATE courses SET withdrawn_at = NULL WHERE id = $1`, [COURSE]);
      expect((await t.call('POST', `/api/courses/${COURSE}/withdraw`, { token: adminToken })).status).toBe(204);
      const res = await t.call('GET', `/api/courses/${COURSE}/versions/latest`, { token: tokens.learner });
      expect(res.status).toBe(410);
    });
  });
});
