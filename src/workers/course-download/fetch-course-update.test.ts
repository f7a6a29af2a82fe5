// @vitest-environment node
import 'fake-indexeddb/auto';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoPackage, generatePublisherKey } from '../../../tests/server/course-fixture';
import { LenteraDatabase } from '../../db/database';
import { storedFileBlob } from '../../db/file-chunks';
import { diffManifestText } from '../../server/courses/diff-manifest-text';
import type { ManifestDelta } from '../../shared/course/manifest-delta';
import { FakeCourseServer } from './fake-course-server';
import { startDownload } from './run-download';

const COURSE = 'perencanaan-pembangunan-desa';
type Package = Awaited<ReturnType<typeof demoPackage>>;
let v1: Package;
let v2: Package;
let server: FakeCourseServer;
let db: LenteraDatabase;
/** What the delta route answers; null: a server without it (404). */
let answerDelta: ((from: string) => ManifestDelta) | null;
let requests: string[];

/** The server's delta from v1 to v2, its changed lesson inline, as `getCourseManifestDelta` gives it. */
const realDelta = (): Extract<ManifestDelta, { kind: 'delta' }> => {
  const had = new Set(v1.built.manifest.files.map((f) => f.hash));
  const added = v2.built.manifest.files.filter((f) => !had.has(f.hash));
  return {
    kind: 'delta',
    from: '1.0.0',
    to: '1.1.0',
    ops: diffManifestText(v1.envelope.manifest, v2.envelope.manifest)!,
    signature: v2.envelope.signature,
    files: added.map((f) => ({ hash: f.hash, text: new TextDecoder().decode(v2.files.get(f.hash)!) })),
  };
};

const run = () =>
  startDownload(db, COURSE, {
    token: 't',
    chunkBytes: 65536,
    signal: new AbortController().signal,
    onProgress: () => {},
    retryDelayMs: () => 1,
  });

const changedLesson = () =>
  v2.built.manifest.files.find((f) => !v1.built.manifest.files.some((g) => g.hash === f.hash))!;

beforeAll(async () => {
  const key = await generatePublisherKey();
  v1 = await demoPackage(key);
  v2 = await demoPackage(key, {
    version: '1.1.0',
    edit: (dir) => appendFile(join(dir, 'lessons/05-pagu-indikatif.md'), '\nTambahan versi 2 “ü”.\n'),
  });
});

beforeEach(async () => {
  server = new FakeCourseServer();
  answerDelta = (from) => (from === '1.0.0' ? realDelta() : { kind: 'full', envelope: v2.envelope });
  requests = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input.toString(), 'http://lentera.test');
    requests.push(url.pathname);
    const delta = /^\/api\/courses\/[^/]+\/versions\/latest\/delta$/.test(url.pathname);
    if (delta && answerDelta) return Response.json(answerDelta(url.searchParams.get('from')!));
    return server.fetch(input, init);
  });
  db = new LenteraDatabase(`update-${Math.random()}`);
  // Version 1 installed and its envelope kept, as the download worker leaves them.
  server.envelopes.set(COURSE, v1.envelope);
  for (const [hash, bytes] of v1.files) server.files.set(hash, bytes);
  expect((await run()).status).toBe('done');
  await db.courseEnvelopes.put({ courseId: COURSE, version: '1.0.0', envelope: v1.envelope });
  server.envelopes.set(COURSE, v2.envelope);
  for (const [hash, bytes] of v2.files) server.files.set(hash, bytes);
  requests = [];
});
afterEach(() => vi.unstubAllGlobals());

const installed = async () => (await db.courses.get(COURSE))?.activeVersion;
const storedText = async (hash: string) => {
  const file = await db.files.get(hash);
  return file ? new TextDecoder().decode(await (await storedFileBlob(db, file)).arrayBuffer()) : undefined;
};

describe('course update by manifest delta', () => {
  it('one request: the rebuilt text is the signed one, the changed lesson comes inline and is stored', async () => {
    const done = await run();
    expect(done).toMatchObject({ status: 'done', version: '1.1.0' });
    expect(requests).toEqual([`/api/courses/${COURSE}/versions/latest/delta`]);
    expect(done.manifest).toEqual(v2.envelope); // byte-exact: the phone keeps it for the next delta
    expect(await installed()).toBe('1.1.0');
    const lesson = changedLesson();
    expect(await storedText(lesson.hash)).toBe(new TextDecoder().decode(v2.files.get(lesson.hash)!));
  });

  it('a tampered delta (one inserted character changed) is refused: the whole manifest is fetched and verified', async () => {
    answerDelta = () => {
      const d = realDelta();
      const i = d.ops.findIndex((op) => typeof op === 'string' && op.includes('1.1.0'));
      d.ops[i] = (d.ops[i] as string).replace('1.1.0', '1.1.9');
      return d;
    };
    const done = await run();
    expect(done).toMatchObject({ status: 'done', version: '1.1.0', manifest: v2.envelope });
    expect(requests.slice(0, 2)).toEqual([
      `/api/courses/${COURSE}/versions/latest/delta`,
      `/api/courses/${COURSE}/versions/latest`,
    ]);
  });

  it('ops that do not fit the kept text, or a signature of another text, also fall back', async () => {
    for (const tamper of [
      (d: ReturnType<typeof realDelta>) => ({ ...d, ops: [...d.ops, 1] }),
      (d: ReturnType<typeof realDelta>) => ({ ...d, signature: v1.envelope.signature }),
    ]) {
      answerDelta = () => tamper(realDelta());
      requests = [];
      await db.courses.update(COURSE, { activeVersion: '1.0.0' });
      await db.courseEnvelopes.put({ courseId: COURSE, version: '1.0.0', envelope: v1.envelope });
      const done = await run();
      expect(done).toMatchObject({ status: 'done', manifest: v2.envelope });
      expect(requests).toContain(`/api/courses/${COURSE}/versions/latest`);
    }
  });

  it('a tampered inline file is not stored: it is fetched by Range and checked as any file', async () => {
    answerDelta = () => {
      const d = realDelta();
      d.files[0]!.text = d.files[0]!.text.replace('Tambahan', 'Tambahin');
      return d;
    };
    const done = await run();
    expect(done.status).toBe('done');
    const lesson = changedLesson();
    expect(requests).toEqual([`/api/courses/${COURSE}/versions/latest/delta`, `/api/course-files/${lesson.hash}`]);
    expect(await storedText(lesson.hash)).toContain('Tambahan versi 2');
  });

  it('a server without the version installed answers the whole envelope; one without deltas (404) is asked for it', async () => {
    await db.courseEnvelopes.put({ courseId: COURSE, version: '1.0.0', envelope: v1.envelope });
    answerDelta = () => ({ kind: 'full', envelope: v2.envelope });
    expect(await run()).toMatchObject({ status: 'done', manifest: v2.envelope });
    expect(requests[0]).toBe(`/api/courses/${COURSE}/versions/latest/delta`);
    expect(requests).not.toContain(`/api/courses/${COURSE}/versions/latest`);

    await db.courses.update(COURSE, { activeVersion: '1.0.0' });
    answerDelta = null;
    requests = [];
    expect(await run()).toMatchObject({ status: 'done', manifest: v2.envelope });
    expect(requests.slice(0, 2)).toEqual([
      `/api/courses/${COURSE}/versions/latest/delta`,
      `/api/courses/${COURSE}/versions/latest`,
    ]);
  });

  it('without a kept envelope of the installed version, asks for the whole manifest only', async () => {
    await db.courseEnvelopes.delete(COURSE);
    expect(await run()).toMatchObject({ status: 'done', manifest: v2.envelope });
    expect(requests[0]).toBe(`/api/courses/${COURSE}/versions/latest`);
  });

  it('a tampered delta and a tampered full manifest: bad_signature, version 1 stays installed', async () => {
    answerDelta = () => ({ ...realDelta(), signature: v1.envelope.signature });
    server.envelopes.set(COURSE, { ...v2.envelope, signature: v1.envelope.signature });
    await expect(run()).rejects.toMatchObject({ code: 'bad_signature' });
    expect(await installed()).toBe('1.0.0');
    expect(await db.downloads.count()).toBe(0);
  });
});
