// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { demoPackage, generatePublisherKey } from '../../../tests/server/course-fixture';
import { LenteraDatabase } from '../../db/database';
import { FakeCourseServer } from '../../workers/course-download/fake-course-server';
import { startDownload } from '../../workers/course-download/run-download';
import { findMissingFiles } from './find-missing-files';
import { checkCourseFiles, missingFiles } from './missing-course-files';
import { db as appDb } from '../../db/database';

const COURSE = 'perencanaan-pembangunan-desa';
let pkg: Awaited<ReturnType<typeof demoPackage>>;
let server: FakeCourseServer;
let db: LenteraDatabase;

const download = (extra: { withoutVideo?: boolean; videos?: string[] } = {}) =>
  startDownload(db, COURSE, {
    token: 't',
    chunkBytes: 65536,
    signal: new AbortController().signal,
    onProgress: () => {},
    retryDelayMs: () => 1,
    ...extra,
  });
const course = async () => (await db.courses.get(COURSE))!;
const video = () => pkg.built.manifest.files.find((f) => f.type === 'video/mp4')!;

beforeAll(async () => {
  pkg = await demoPackage(await generatePublisherKey());
});
beforeEach(() => {
  server = new FakeCourseServer();
  server.envelopes.set(COURSE, pkg.envelope);
  for (const [hash, bytes] of pkg.files) server.files.set(hash, bytes);
  vi.stubGlobal('fetch', server.fetch);
  db = new LenteraDatabase(`missing-${Math.random()}`);
});
afterEach(() => vi.unstubAllGlobals());

it('finds nothing missing in a complete install, nor in a text-only one (absent videos are not missing)', async () => {
  await download({ withoutVideo: true });
  expect(await findMissingFiles(db, await course())).toEqual([]);
  await download({ withoutVideo: false });
  expect(await findMissingFiles(db, await course())).toEqual([]);
});

it('finds a file whose record was evicted, and a chunked video that lost one chunk', async () => {
  await download();
  const lesson = pkg.built.manifest.modules[0]!.lessons[0]!.file;
  await db.files.delete(lesson);
  const second = (await db.fileChunks
    .where('[hash+start]')
    .between([video().hash, 1], [video().hash, Infinity])
    .first())!;
  await db.fileChunks.delete([second.hash, second.start]);
  expect((await findMissingFiles(db, await course())).sort()).toEqual([lesson, video().hash].sort());
});

it("the repair download fetches only the lost files, from the video's first lost chunk, and the course is whole again", async () => {
  await download();
  const lesson = pkg.built.manifest.modules[0]!.lessons[0]!.file;
  await db.files.delete(lesson);
  const chunks = await db.fileChunks
    .where('[hash+start]')
    .between([video().hash, 0], [video().hash, Infinity])
    .toArray();
  const last = chunks.at(-1)!;
  await db.fileChunks.delete([last.hash, last.start]);
  server.delivered.clear();
  const missing = await findMissingFiles(db, await course());
  expect((await download({ withoutVideo: false, videos: missing })).status).toBe('done');
  expect([...server.delivered.keys()].sort()).toEqual([lesson, video().hash].sort());
  expect(server.delivered.get(video().hash)).toBe(video().size - last.start);
  expect(await findMissingFiles(db, await course())).toEqual([]);
});

it('checkCourseFiles records a course with lost files in missingFiles, and clears it once they are back', async () => {
  db = appDb;
  await download();
  expect(await checkCourseFiles(COURSE)).toEqual([]);
  expect(missingFiles.value).toEqual({});
  await db.fileChunks.where('[hash+start]').between([video().hash, 0], [video().hash, Infinity]).delete();
  expect(await checkCourseFiles(COURSE)).toEqual([video().hash]);
  expect(missingFiles.value).toEqual({ [COURSE]: [video().hash] });
  expect((await download({ withoutVideo: false, videos: [video().hash] })).status).toBe('done');
  expect(await checkCourseFiles(COURSE)).toEqual([]);
  expect(missingFiles.value).toEqual({});
});
