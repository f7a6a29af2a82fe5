import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishPackage } from '../../cli/course/publish-package';
import type { PublisherKey } from '../../cli/course/publisher-key';
import {
  checkCourseFileParts,
  COURSE_FILE_MAGIC,
  CourseFileError,
  readCourseFile,
  type CourseFileProblem,
} from '../../shared/course/course-file';
import { judgePublisher, type CoursePublisher } from '../../shared/course/course-file-publishers';
import { signManifest } from '../../shared/course/manifest-signature';
import { demoPackage, generatePublisherKey } from '../../../tests/server/course-fixture';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import { createSession } from '../auth/sessions';
import { ensureUser } from '../auth/users';

/** Size and SHA-256 of some bytes: compares megabytes at once, where a deep equality walks every byte. */
const fingerprint = (bytes: Uint8Array) => ({
  size: bytes.length,
  sha256: createHash('sha256').update(bytes).digest('hex'),
});

const COURSE = 'perencanaan-pembangunan-desa';
const OTHER = 'pengelolaan-keuangan-desa';
const ROLES = ['learner', 'operator', 'monitor', 'author', 'admin'] as const;

/** Reads a course file as the phone does before it stores anything: head, signature, every file's SHA-256. */
async function verify(bytes: Uint8Array<ArrayBuffer>) {
  const blob = new Blob([bytes]);
  const contents = await readCourseFile(blob);
  await checkCourseFileParts(blob, contents.parts);
  return contents;
}

async function refusal(bytes: Uint8Array<ArrayBuffer>): Promise<CourseFileProblem | 'accepted'> {
  try {
    await verify(bytes);
    return 'accepted';
  } catch (err) {
    if (err instanceof CourseFileError) return err.reason;
    throw err;
  }
}

describeEachStore('course file download', (kind) => {
  const t = useTestApp(kind);
  const tokens = {} as Record<(typeof ROLES)[number], string>;
  let key: PublisherKey;
  let pkg: Awaited<ReturnType<typeof demoPackage>>;
  let file: Uint8Array<ArrayBuffer>;
  const viaApp = ((url: URL | string, init?: RequestInit) => t.app.request(url.toString(), init)) as typeof fetch;
  const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
  const download = (courseId: string, version: string, token: string | null = tokens.operator) =>
    t.call('GET', `/api/courses/${courseId}/versions/${version}/file`, token ? { token } : {});

  beforeAll(async () => {
    for (const role of ROLES) {
      const user = await ensureUser(t.store, { username: `cf-${role}`, name: role, role, desaCode: null });
      tokens[role] = (await createSession(t.store, user.id, undefined)).token;
    }
    key = await generatePublisherKey();
    pkg = await demoPackage(key);
    await publishPackage(pkg, { server: 'http://lentera.test', token: tokens.author, fetch: viaApp });
    const res = await download(COURSE, '1.0.0');
    expect(res.status).toBe(200);
    file = new Uint8Array(await res.arrayBuffer());
  });

  it('gives the file to operators, authors and admins; learners and monitors get 403, no token 401', async () => {
    for (const role of ['operator', 'author', 'admin'] as const) {
      const res = await download(COURSE, 'latest', tokens[role]);
      expect(res.status, role).toBe(200);
      await res.body?.cancel();
    }
    for (const role of ['learner', 'monitor'] as const) {
      const res = await download(COURSE, 'latest', tokens[role]);
      expect(res.status, role).toBe(403);
      expect(await errorCode(res)).toBe('forbidden');
    }
    expect((await download(COURSE, 'latest', null)).status).toBe(401);
  });

  it('answers an unknown course or version with 404 course_not_found', async () => {
    for (const [course, version] of [
      ['no-such-course', 'latest'],
      [COURSE, '9.9.9'],
      [COURSE, 'not-a-version'],
    ] as const) {
      const res = await download(course, version);
      expect(res.status, `${course}@${version}`).toBe(404);
      expect(await errorCode(res)).toBe('course_not_found');
    }
  });

  it('odd course ids and versions (NUL, broken UTF-8, very long, dots) answer a 4xx, never a 5xx', async () => {
    for (const [course, version] of [
      ['%00', 'latest'],
      [COURSE, '%ED%A0%80'],
      ['x'.repeat(5000), '1.0.0'],
      ['..', '..'],
      [COURSE, '1.0.0%2F..'],
    ] as const) {
      const res = await download(course, version);
      expect(res.status, `${course.slice(0, 20)}@${version}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${course.slice(0, 20)}@${version}`).toBeLessThan(500);
    }
  });

  it('reads back as the signed manifest the server serves and every file byte for byte, with its size and name', async () => {
    const res = await download(COURSE, 'latest');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${COURSE}-1.0.0.lentera-kursus"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    expect(fingerprint(bytes)).toEqual(fingerprint(file));
    const contents = await verify(bytes);
    expect(contents.envelope).toEqual(pkg.envelope);
    expect(contents.manifest.version).toBe('1.0.0');
    expect(contents.totalBytes).toBe(bytes.length);
    expect(contents.parts.length).toBe(pkg.files.size);
    for (const { entry, offset } of contents.parts) {
      expect(fingerprint(bytes.subarray(offset, offset + entry.size))).toEqual(fingerprint(pkg.files.get(entry.hash)!));
    }
  });

  it('refuses the file with one byte flipped in the manifest or in any content file, truncated, or extended', async () => {
    const contents = await verify(file);
    const flip = (at: number) => {
      const copy = new Uint8Array(file);
      copy[at] = copy[at]! ^ 0x01;
      return copy;
    };
    // A character of the title inside the signed manifest text.
    const titleAt = new TextDecoder().decode(file.subarray(0, contents.parts[0]!.offset)).indexOf('Perencanaan');
    expect(await refusal(flip(titleAt + 1))).toBe('bad_signature');
    expect(await refusal(flip(COURSE_FILE_MAGIC.length + 3))).toMatch(/^(damaged|truncated)$/);
    expect(await refusal(flip(0))).toBe('not_course_file');
    expect(await refusal(flip(COURSE_FILE_MAGIC.length))).toBe('unsupported_format');
    for (const { entry, offset } of contents.parts.filter((p) => p.entry.size > 0)) {
      expect(await refusal(flip(offset + Math.floor(entry.size / 2))), entry.path).toBe('hash_mismatch');
    }
    expect(await refusal(file.slice(0, file.length - 1))).toBe('truncated');
    expect(await refusal(file.slice(0, 40))).toBe('truncated');
    const longer = new Uint8Array(file.length + 1);
    longer.set(file);
    expect(await refusal(longer)).toBe('damaged');
    expect(await refusal(new TextEncoder().encode('PK\u0003\u0004 this is a zip, not a course'))).toBe(
      'not_course_file',
    );
  });

  it('lists each course with its publisher key; a file re-signed with another key is not trusted', async () => {
    const res = await t.call('GET', '/api/course-publishers', { token: tokens.learner });
    expect(res.status).toBe(200);
    const publishers = (await res.json()) as CoursePublisher[];
    expect(publishers).toContainEqual({ courseId: COURSE, publicKey: key.publicKey, withdrawn: false });
    expect(judgePublisher(COURSE, key.publicKey, undefined, publishers)).toBeNull();
    const stranger = await generatePublisherKey();
    const forged = await signManifest(pkg.built.manifest, stranger.privateKey, stranger.publicKey);
    expect(judgePublisher(COURSE, forged.publicKey, undefined, publishers)).toBe('untrusted_publisher');
    expect(judgePublisher('a-new-course', forged.publicKey, undefined, publishers)).toBe('untrusted_publisher');
    expect(judgePublisher('a-new-course', key.publicKey, undefined, publishers)).toBeNull();
    // Public: a phone pins it before anyone signs in on it (a learner enrolled at a hub, offline).
    const anonymous = await t.call('GET', '/api/course-publishers');
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual(publishers);
  });

  it('a withdrawn course answers 410 course_withdrawn and is listed as withdrawn', async () => {
    const other = await demoPackage(key, { course: OTHER });
    await publishPackage(other, { server: 'http://lentera.test', token: tokens.author, fetch: viaApp });
    expect((await t.call('POST', `/api/courses/${OTHER}/withdraw`, { token: tokens.author })).status).toBe(204);
    const res = await download(OTHER, 'latest');
    expect(res.status).toBe(410);
    expect(await errorCode(res)).toBe('course_withdrawn');
    const publishers = (await (
      await t.call('GET', '/api/course-publishers', { token: tokens.learner })
    ).json()) as CoursePublisher[];
    expect(judgePublisher(OTHER, key.publicKey, undefined, publishers)).toBe('course_withdrawn');
  });
});

describe('course file head', () => {
  it('an empty file is not a course file; the first bytes of one are a truncated course file', async () => {
    expect(await refusal(new Uint8Array(0))).toBe('not_course_file');
    expect(await refusal(new TextEncoder().encode(COURSE_FILE_MAGIC.slice(0, 8)))).toBe('truncated');
  });
});
