// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoPackage, generatePublisherKey } from '../../../tests/server/course-fixture';
import type { PublisherKey } from '../../cli/course/publisher-key';
import { LenteraDatabase } from '../../db/database';
import { DownloadProblem } from './download-problem';
import { FakeCourseServer } from './fake-course-server';
import { startDownload } from './run-download';

const COURSE = 'perencanaan-pembangunan-desa';
const HUB = 'http://192.168.1.10:8080';
let key: PublisherKey;
let forged: PublisherKey;
let course: Awaited<ReturnType<typeof demoPackage>>;
let hub: FakeCourseServer;
let national: FakeCourseServer;
let db: LenteraDatabase;

function serve(server: FakeCourseServer, pkg: typeof course) {
  server.envelopes.set(COURSE, pkg.envelope);
  for (const [hash, bytes] of pkg.files) server.files.set(hash, bytes);
}

const fromHub = () =>
  startDownload(db, COURSE, {
    token: 't',
    baseUrl: HUB,
    chunkBytes: 64 * 1024,
    signal: new AbortController().signal,
    onProgress: () => {},
    retryDelayMs: () => 1,
  });

const pin = (publicKey: string) =>
  db.coursePublishers.put({ courseId: COURSE, publicKey, withdrawn: false, pinnedAt: 1 });

beforeAll(async () => {
  key = await generatePublisherKey();
  forged = await generatePublisherKey();
  course = await demoPackage(key);
});

beforeEach(() => {
  hub = new FakeCourseServer();
  national = new FakeCourseServer();
  // Requests to the hub's origin reach the hub; relative ones the app's own (national) server.
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) =>
    String(input).startsWith(HUB) ? hub.fetch(input, init) : national.fetch(input, init),
  );
  db = new LenteraDatabase(`hub-download-${Math.random()}`);
});
afterEach(() => vi.unstubAllGlobals());

describe('course download from the office hub', () => {
  it('takes the manifest and every file from the hub, nothing from the national server', async () => {
    serve(hub, course);
    await pin(course.envelope.publicKey);
    expect((await fromHub()).status).toBe('done');
    expect((await db.courses.get(COURSE))?.activeVersion).toBe('1.0.0');
    expect(hub.totalDelivered()).toBe(course.built.manifest.files.reduce((s, f) => s + f.size, 0));
    expect(national.totalDelivered()).toBe(0);
  });

  it('refuses a course the hub signed itself, even with a valid signature: the publisher must be the pinned one', async () => {
    const own = await demoPackage(forged);
    serve(hub, own);
    await pin(course.envelope.publicKey);
    await expect(fromHub()).rejects.toEqual(new DownloadProblem('bad_signature'));
    expect(await db.courses.count()).toBe(0);
    expect(await db.files.count()).toBe(0);
    expect(hub.totalDelivered()).toBe(0);
  });

  it('refuses a course from a hub while the phone has pinned no publisher for it', async () => {
    serve(hub, course);
    await expect(fromHub()).rejects.toEqual(new DownloadProblem('bad_signature'));
    expect(await db.downloads.count()).toBe(0);
  });
});
