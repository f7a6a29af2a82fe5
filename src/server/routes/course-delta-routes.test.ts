import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { publishPackage } from '../../cli/course/publish-package';
import { sha256Hex } from '../../shared/course/bytes';
import { applyManifestDelta, type ManifestDelta } from '../../shared/course/manifest-delta';
import { verifySignedManifest } from '../../shared/course/manifest-signature';
import { demoPackage, generatePublisherKey } from '../../../tests/server/course-fixture';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import { createSession } from '../auth/sessions';
import { ensureUser } from '../auth/users';

const COURSE = 'perencanaan-pembangunan-desa';

describeEachStore('course update by manifest delta', (kind) => {
  const t = useTestApp(kind);
  let token = '';
  let v1: Awaited<ReturnType<typeof demoPackage>>;
  let v2: Awaited<ReturnType<typeof demoPackage>>;
  const viaApp = ((url: URL | string, init?: RequestInit) => t.app.request(url.toString(), init)) as typeof fetch;
  const delta = (from: string, version = 'latest', course = COURSE) =>
    t.call('GET', `/api/courses/${course}/versions/${version}/delta?from=${from}`, { token });

  beforeAll(async () => {
    const author = await ensureUser(t.store, { username: 'd-author', name: 'author', role: 'author', desaCode: null });
    const learner = await ensureUser(t.store, { username: 'd-learner', name: 'l', role: 'learner', desaCode: null });
    const authorToken = (await createSession(t.store, author.id, undefined)).token;
    token = (await createSession(t.store, learner.id, undefined)).token;
    const key = await generatePublisherKey();
    v1 = await demoPackage(key);
    v2 = await demoPackage(key, {
      version: '1.1.0',
      edit: (dir) => appendFile(join(dir, 'lessons/05-pagu-indikatif.md'), '\nTambahan: contoh pagu “ü”.\n'),
    });
    for (const p of [v1, v2])
      await publishPackage(p, { server: 'http://lentera.test', token: authorToken, fetch: viaApp });
  });

  it('rebuilds the new signed text byte for byte from the installed one, and carries the changed lesson', async () => {
    const res = await delta('1.0.0');
    expect(res.status).toBe(200);
    const body = (await res.json()) as ManifestDelta;
    if (body.kind !== 'delta') throw new Error(`expected a delta, got ${body.kind}`);
    expect(body).toMatchObject({ from: '1.0.0', to: '1.1.0', signature: v2.envelope.signature });
    const text = applyManifestDelta(v1.envelope.manifest, body.ops);
    expect(text).toBe(v2.envelope.manifest);
    await verifySignedManifest({ ...v1.envelope, manifest: text, signature: body.signature });
    const added = v2.built.manifest.files.filter((f) => !v1.built.manifest.files.some((g) => g.hash === f.hash));
    expect(added.map((f) => f.type)).toEqual(['text/markdown']);
    expect(body.files.map((f) => f.hash)).toEqual([added[0]!.hash]);
    expect(await sha256Hex(new TextEncoder().encode(body.files[0]!.text))).toBe(added[0]!.hash);
    expect(JSON.stringify(body.ops).length).toBeLessThan(v2.envelope.manifest.length / 10);
  });

  it('is compressed like other JSON answers', async () => {
    const res = await t.call('GET', `/api/courses/${COURSE}/versions/latest/delta?from=1.0.0`, {
      token,
      headers: { 'Accept-Encoding': 'gzip' },
    });
    expect(res.headers.get('content-encoding')).toBe('gzip');
  });

  it('against a version the server does not have (or the same version), answers what the phone can use', async () => {
    const full = (await (await delta('0.9.0')).json()) as ManifestDelta;
    expect(full).toEqual({ kind: 'full', envelope: v2.envelope });
    const same = (await (await delta('1.1.0')).json()) as ManifestDelta;
    if (same.kind !== 'delta') throw new Error('expected an empty delta');
    expect(applyManifestDelta(v2.envelope.manifest, same.ops)).toBe(v2.envelope.manifest);
    expect(same.files).toEqual([]);
    const exact = (await (await delta('1.0.0', '1.0.0')).json()) as ManifestDelta;
    expect(exact).toMatchObject({ kind: 'delta', to: '1.0.0' });
  });

  it('refuses a bad `from` (400 invalid_request), an unknown course or version (404), anonymous callers (401)', async () => {
    const bad = await delta('latest');
    expect([bad.status, ((await bad.json()) as { error: { code: string } }).error.code]).toEqual([
      400,
      'invalid_request',
    ]);
    expect((await t.call('GET', `/api/courses/${COURSE}/versions/latest/delta`, { token })).status).toBe(400);
    expect((await delta('1.0.0', 'latest', 'no-such-course')).status).toBe(404);
    expect((await delta('1.0.0', '9.9.9')).status).toBe(404);
    expect((await t.call('GET', `/api/courses/${COURSE}/versions/latest/delta?from=1.0.0`)).status).toBe(401);
  });

  it('is described in the OpenAPI document (getCourseManifestDelta)', async () => {
    const doc = (await (await t.call('GET', '/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    expect(doc.paths['/api/courses/{courseId}/versions/{version}/delta']?.get?.operationId).toBe(
      'getCourseManifestDelta',
    );
  });

  it('a withdrawn course answers 410 course_withdrawn, as the full manifest does', async () => {
    await t.store.query(`UPDATE courses SET withdrawn_at = now() WHERE id = $1`, [COURSE]);
    const res = await delta('1.0.0');
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([
      410,
      'course_withdrawn',
    ]);
  });
});
