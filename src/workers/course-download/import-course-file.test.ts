// @vitest-environment node
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoPackage, generatePublisherKey } from '../../../tests/server/course-fixture';
import type { PublisherKey } from '../../cli/course/publisher-key';
import { LenteraDatabase } from '../../db/database';
import { sha256Hex } from '../../shared/course/bytes';
import { COURSE_FILE_MAGIC, courseFileHead } from '../../shared/course/course-file';
import type { CoursePublisher } from '../../shared/course/course-file-publishers';
import { signManifest } from '../../shared/course/manifest-signature';
import { FakeCourseServer } from './fake-course-server';
import { CourseImportError, importCourseFile, type CourseImportProblem } from './import-course-file';
import { startDownload } from './run-download';
import { CourseShareError, writeCourseFile } from './write-course-file';

/** Size and SHA-256 of some bytes: compares megabytes at once, where a deep equality walks every byte. */
const fingerprint = (bytes: Uint8Array) => ({
  size: bytes.length,
  sha256: createHash('sha256').update(bytes).digest('hex'),
});

const COURSE = 'perencanaan-pembangunan-desa';
const OTHER = 'pengelolaan-keuangan-desa';
type Pkg = Awaited<ReturnType<typeof demoPackage>>;
let key: PublisherKey;
let v1: Pkg;
let v2: Pkg;
let other: Pkg;
let server: FakeCourseServer;
let phoneA: LenteraDatabase;
let phoneB: LenteraDatabase;

const publishers = (): CoursePublisher[] => [
  { courseId: COURSE, publicKey: key.publicKey, withdrawn: false },
  { courseId: OTHER, publicKey: key.publicKey, withdrawn: false },
];
const pin = (db: LenteraDatabase, list = publishers()) =>
  db.coursePublishers.bulkPut(list.map((p) => ({ ...p, pinnedAt: Date.now() })));
const noServer = () => Promise.resolve(null);

function serve(pkg: Pkg) {
  server.envelopes.set(pkg.built.manifest.id, pkg.envelope);
  for (const [hash, bytes] of pkg.files) server.files.set(hash, bytes);
}

/** Downloads a course the normal way (the Range download) and keeps its envelope as the worker does. */
async function download(db: LenteraDatabase, pkg: Pkg) {
  serve(pkg);
  const done = await startDownload(db, pkg.built.manifest.id, {
    token: 't',
    // Large chunks: the Range resume is tested in run-download.test.ts; here only the result counts.
    chunkBytes: 1024 * 1024,
    signal: new AbortController().signal,
    onProgress: () => {},
    retryDelayMs: () => 1,
  });
  expect(done.status).toBe('done');
  const m = pkg.built.manifest;
  await db.courseEnvelopes.put({ courseId: m.id, version: m.version, envelope: pkg.envelope });
}

/** A course file built the way the server and phone build it, from a package in memory. */
function fileOf(pkg: Pkg, envelope = pkg.envelope): Uint8Array<ArrayBuffer> {
  const head = courseFileHead(envelope);
  const seen = new Set<string>();
  const bodies = pkg.built.manifest.files
    .filter((f) => !seen.has(f.hash) && seen.add(f.hash))
    .map((f) => pkg.files.get(f.hash)!);
  const out = new Uint8Array(head.length + bodies.reduce((s, b) => s + b.length, 0));
  out.set(head);
  let at = head.length;
  for (const b of bodies) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** Everything a refused import must leave as it was. */
async function snapshot(db: LenteraDatabase) {
  return {
    courses: await db.courses.toArray(),
    files: (await db.files.toCollection().primaryKeys()).sort(),
    envelopes: await db.courseEnvelopes.toArray(),
    downloads: await db.downloads.toArray(),
  };
}

async function refusal(db: LenteraDatabase, bytes: Uint8Array<ArrayBuffer>): Promise<CourseImportProblem> {
  const before = await snapshot(db);
  const error = await importCourseFile(db, new Blob([bytes])).then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(CourseImportError);
  expect(await snapshot(db)).toEqual(before);
  return (error as CourseImportError).code;
}

beforeAll(async () => {
  key = await generatePublisherKey();
  v1 = await demoPackage(key);
  v2 = await demoPackage(key, {
    version: '1.1.0',
    edit: (dir) => appendFile(join(dir, 'lessons/05-pagu-indikatif.md'), '\nTambahan.\n'),
  });
  other = await demoPackage(key, { course: OTHER });
});

beforeEach(() => {
  server = new FakeCourseServer();
  vi.stubGlobal('fetch', server.fetch);
  phoneA = new LenteraDatabase(`share-a-${Math.random()}`);
  phoneB = new LenteraDatabase(`share-b-${Math.random()}`);
});
afterEach(() => vi.unstubAllGlobals());

// Real downloads and SHA-256 of every file of the demo course: seconds on a shared machine, not milliseconds.
describe('sharing and importing a course file', { timeout: 60_000 }, () => {
  it('phone A writes its installed course as a file; phone B, which never downloaded it, installs it from the file with no network', async () => {
    await download(phoneA, v1);
    await download(phoneB, other);
    await pin(phoneB);
    const file = await writeCourseFile(phoneA, COURSE, noServer);
    expect(file.name).toBe(`${COURSE}-1.0.0.lentera-kursus`);
    expect(fingerprint(new Uint8Array(await file.arrayBuffer()))).toEqual(fingerprint(fileOf(v1)));

    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('offline')));
    const progress: number[] = [];
    const imported = await importCourseFile(phoneB, file, { onProgress: (checked) => progress.push(checked) });
    expect(imported).toEqual({ courseId: COURSE, version: '1.0.0', title: v1.built.manifest.title });
    const course = await phoneB.courses.get(COURSE);
    expect(course).toMatchObject({ activeVersion: '1.0.0', publicKey: key.publicKey });
    expect(course!.manifest).toEqual(v1.built.manifest);
    for (const f of v1.built.manifest.files) {
      const stored = await phoneB.files.get(f.hash);
      expect(await sha256Hex(await stored!.blob!.arrayBuffer()), f.path).toBe(f.hash);
      expect(stored!.type).toBe(f.type);
    }
    expect(progress.at(-1)).toBe(v1.built.manifest.files.reduce((s, f) => s + f.size, 0));
    expect((await phoneB.courses.get(OTHER))?.activeVersion).toBe('1.0.0');
    // B can pass it on in turn: the envelope came with the file.
    const passedOn = await writeCourseFile(phoneB, COURSE, noServer);
    expect(fingerprint(new Uint8Array(await passedOn.arrayBuffer()))).toEqual(fingerprint(fileOf(v1)));
  });

  it('an imported course updates from the server by delta, like a downloaded one', async () => {
    await pin(phoneB);
    await importCourseFile(phoneB, new Blob([fileOf(v1)]));
    serve(v2);
    const done = await startDownload(phoneB, COURSE, {
      token: 't',
      chunkBytes: 1024 * 1024,
      signal: new AbortController().signal,
      onProgress: () => {},
    });
    expect(done.status).toBe('done');
    expect((await phoneB.courses.get(COURSE))?.activeVersion).toBe('1.1.0');
    const changed = v2.built.manifest.files.filter((f) => !v1.built.manifest.files.some((g) => g.hash === f.hash));
    expect(changed.length).toBeGreaterThan(0);
    expect([...server.delivered.keys()].sort()).toEqual(changed.map((f) => f.hash).sort());
  });

  it('a newer version from a file replaces the installed one; files it no longer lists are removed', async () => {
    await download(phoneB, v1);
    await importCourseFile(phoneB, new Blob([fileOf(v2)]));
    expect((await phoneB.courses.get(COURSE))?.activeVersion).toBe('1.1.0');
    expect((await phoneB.files.toCollection().primaryKeys()).sort()).toEqual(
      [...new Set(v2.built.manifest.files.map((f) => f.hash))].sort(),
    );
    expect((await phoneB.courseEnvelopes.get(COURSE))?.version).toBe('1.1.0');
  });

  it('a course installed before envelopes were kept takes its envelope from the server once, then shares offline', async () => {
    await pin(phoneA);
    await importCourseFile(phoneA, new Blob([fileOf(v1)]));
    await phoneA.courseEnvelopes.clear();
    await expect(writeCourseFile(phoneA, COURSE, noServer)).rejects.toEqual(new CourseShareError('envelope_missing'));
    // A server answering another version's envelope is not believed.
    await expect(writeCourseFile(phoneA, COURSE, () => Promise.resolve(v2.envelope))).rejects.toEqual(
      new CourseShareError('envelope_missing'),
    );
    const file = await writeCourseFile(phoneA, COURSE, () => Promise.resolve(v1.envelope));
    expect(fingerprint(new Uint8Array(await file.arrayBuffer()))).toEqual(fingerprint(fileOf(v1)));
    expect(await writeCourseFile(phoneA, COURSE, noServer)).toBeInstanceOf(File);
    await expect(writeCourseFile(phoneA, 'not-installed', noServer)).rejects.toEqual(
      new CourseShareError('not_installed'),
    );
  });
});

describe('a course file that must be refused, leaving every course as it was', { timeout: 60_000 }, () => {
  beforeEach(async () => {
    await download(phoneB, other);
    await pin(phoneB);
  });

  it('one byte flipped in the signed manifest: bad_signature', async () => {
    const bytes = fileOf(v1);
    const at = new TextDecoder().decode(bytes.subarray(0, 5000)).indexOf('Perencanaan') + 1;
    expect(at).toBeGreaterThan(COURSE_FILE_MAGIC.length + 5);
    bytes[at] = bytes[at]! ^ 0x01;
    expect(await refusal(phoneB, bytes)).toBe('bad_signature');
  });

  it('one byte flipped in any content file: hash_mismatch, naming that file', async () => {
    const head = courseFileHead(v1.envelope).length;
    let offset = head;
    const seen = new Set<string>();
    for (const f of v1.built.manifest.files.filter((f) => !seen.has(f.hash) && seen.add(f.hash))) {
      if (f.size > 0) {
        const bytes = fileOf(v1);
        bytes[offset + (f.size >> 1)]! ^= 0x80;
        const error = await importCourseFile(phoneB, new Blob([bytes])).catch((e: unknown) => e);
        expect(error, f.path).toEqual(new CourseImportError('hash_mismatch', f.path));
      }
      offset += f.size;
    }
    expect(await phoneB.courses.get(COURSE)).toBeUndefined();
    expect((await phoneB.files.toCollection().primaryKeys()).sort()).toEqual(
      [...new Set(other.built.manifest.files.map((f) => f.hash))].sort(),
    );
  });

  it('truncated anywhere: truncated; longer than signed: damaged', async () => {
    const bytes = fileOf(v1);
    for (const length of [bytes.length - 1, bytes.length >> 1, 30, COURSE_FILE_MAGIC.length - 3]) {
      expect(await refusal(phoneB, bytes.slice(0, length)), `${length} bytes`).toBe('truncated');
    }
    const longer = new Uint8Array(bytes.length + 10);
    longer.set(bytes);
    expect(await refusal(phoneB, longer)).toBe('damaged');
  });

  it('not a course file at all (a photo, an empty file, a result file): not_course_file', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode('JFIF and more bytes here')]);
    expect(await refusal(phoneB, jpeg)).toBe('not_course_file');
    expect(await refusal(phoneB, new Uint8Array(0))).toBe('not_course_file');
    expect(await refusal(phoneB, new TextEncoder().encode('{"format":1,"items":[]}'))).toBe('not_course_file');
  });

  it('a file from a newer app (another container format): unsupported_format', async () => {
    const bytes = fileOf(v1);
    bytes[COURSE_FILE_MAGIC.length] = 2;
    expect(await refusal(phoneB, bytes)).toBe('unsupported_format');
  });

  it('signed by a key the phone does not trust: untrusted_publisher, also for a course it never saw', async () => {
    const stranger = await generatePublisherKey();
    const forged = await signManifest(v1.built.manifest, stranger.privateKey, stranger.publicKey);
    expect(await refusal(phoneB, fileOf(v1, forged))).toBe('untrusted_publisher');
    const renamed = { ...v1.built.manifest, id: 'kursus-palsu' };
    const unknown = await signManifest(renamed, stranger.privateKey, stranger.publicKey);
    expect(await refusal(phoneB, fileOf(v1, unknown))).toBe('untrusted_publisher');
    // A phone that was never online has pinned nothing and trusts no publisher yet.
    await phoneB.coursePublishers.clear();
    expect(await refusal(phoneB, fileOf(v1))).toBe('untrusted_publisher');
  });

  it('a course the server listed as withdrawn: course_withdrawn', async () => {
    await pin(phoneB, [{ courseId: COURSE, publicKey: key.publicKey, withdrawn: true }]);
    expect(await refusal(phoneB, fileOf(v1))).toBe('course_withdrawn');
  });

  it('the same version as installed: version_installed; an older one: version_older', async () => {
    await download(phoneB, v2);
    expect(await refusal(phoneB, fileOf(v2))).toBe('version_installed');
    expect(await refusal(phoneB, fileOf(v1))).toBe('version_older');
  });

  it('more than the free space: quota_exceeded', async () => {
    vi.stubGlobal('navigator', {
      storage: { estimate: () => Promise.resolve({ quota: 2_000_000, usage: 1_500_000 }) },
    });
    expect(await refusal(phoneB, fileOf(v1))).toBe('quota_exceeded');
  });
});
