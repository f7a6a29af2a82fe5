import { createHash } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { publishPackage } from '../../src/cli/course/publish-package';
import { testConfig } from '../../src/server/config';
import { createApp } from '../../src/server/create-app';
import { SLICE_BYTES } from '../../src/server/courses/course-file-body';
import { applyHubMirror } from '../../src/server/hub/apply-hub-mirror';
import type { CreateHubResponse } from '../../src/server/hub/hub-protocol';
import { mirrorCourseFile } from '../../src/server/hub/mirror-course-file';
import { mirrorHubCourses } from '../../src/server/hub/mirror-hub-courses';
import { fetchHubMirror, type UpstreamClient } from '../../src/server/hub/upstream-client';
import type { Store } from '../../src/server/store/store';
import { applyManifestDelta, type ManifestDelta } from '../../src/shared/course/manifest-delta';
import { parseManifestText } from '../../src/shared/course/manifest-signature';
import { demoPackage, generatePublisherKey } from './course-fixture';
import { learnerWithToken } from './sync-fixtures';
import { useTestApp } from './test-app';
import { describeEachStore, testStoreKinds } from './test-stores';

const NATIONAL = 'http://lentera.test';
const COURSE = 'perencanaan-pembangunan-desa';

/** What the uplink does to one course file answer: cut it after `cutAfter` bytes, flip the byte at `flipAt`, or answer `status` itself. */
type FileFault = { cutAfter?: number; flipAt?: number; status?: number };

/**
 * An in-process uplink to the national app that counts the course file bytes reaching the hub and
 * can cut or corrupt a course file answer while it streams (as a dying 2G link would).
 */
function faultyUplink(app: () => { request: (path: string, init?: RequestInit) => Response | Promise<Response> }) {
  const state = {
    fileBytes: 0,
    /** Each course file request: hash, the Range asked for, and the status answered. */
    fileRequests: [] as Array<{ hash: string; range: string | null; status: number }>,
    fault: (_n: number): FileFault | undefined => undefined,
  };
  const fetchViaApp = (async (input: string | URL | Request, init?: RequestInit) => {
    const path = String(input).slice(NATIONAL.length);
    const { signal: _signal, ...rest } = init ?? {};
    const res = await app().request(path, rest);
    const file = /^\/api\/hub\/course-files\/([0-9a-f]{64})$/.exec(path);
    if (!file || !res.body) return res;
    const headers = new Headers(init?.headers);
    const n = state.fileRequests.push({ hash: file[1]!, range: headers.get('range'), status: res.status }) - 1;
    const fault = state.fault(n) ?? {};
    if (fault.status !== undefined) {
      await res.body.cancel();
      state.fileRequests[n]!.status = fault.status;
      return Response.json({ error: { code: 'internal_error', message: 'injected' } }, { status: fault.status });
    }
    let seen = 0;
    const body = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          let out = chunk;
          if (fault.cutAfter !== undefined && seen + out.length > fault.cutAfter) {
            out = out.subarray(0, Math.max(0, fault.cutAfter - seen));
          }
          if (fault.flipAt !== undefined && fault.flipAt >= seen && fault.flipAt < seen + out.length) {
            out = Uint8Array.from(out);
            out[fault.flipAt - seen]! ^= 0xff;
          }
          seen += out.length;
          state.fileBytes += out.length;
          if (out.length > 0) controller.enqueue(out);
          if (fault.cutAfter !== undefined && seen >= fault.cutAfter) controller.error(new TypeError('terminated'));
        },
      }),
    );
    return new Response(body, { status: res.status, headers: res.headers });
  }) as typeof fetch;
  return { state, fetch: fetchViaApp };
}

/** Deterministic filler, so v2's video is several slices long and unlike anything else. */
function filler(bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let x = 0x9e3779b9;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describeEachStore('the hub’s course mirror: the latest version only, streamed and resumable inside a file', (kind) => {
  const national = useTestApp(kind);
  const uplink = faultyUplink(() => national.app);
  let client: UpstreamClient;
  let credential = '';
  let learnerToken = '';
  let v1: Awaited<ReturnType<typeof demoPackage>>;
  let v2: Awaited<ReturnType<typeof demoPackage>>;
  let video: { hash: string; size: number };
  const hubs: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    await national.store.query(
      `INSERT INTO regions (code, parent_code, level, name) VALUES ('34.02.01', '34.02', 3, 'Srandakan')
       ON CONFLICT DO NOTHING`,
    );
    const admin = await learnerWithToken(national.store, 'admin-course-mirror', 'admin');
    learnerToken = (await learnerWithToken(national.store, 'siti-course-mirror')).token;
    const issued = (await (
      await national.call('POST', '/api/hubs', {
        token: admin.token,
        json: { kecamatanCode: '34.02.01', name: 'Kantor Kecamatan Srandakan' },
      })
    ).json()) as CreateHubResponse;
    credential = issued.credential;
    client = { baseUrl: NATIONAL, credential, fetch: uplink.fetch };
    const key = await generatePublisherKey();
    v1 = await demoPackage(key);
    // v2: a changed lesson and a longer video (five and a half slices), so only those two are new.
    v2 = await demoPackage(key, {
      version: '1.1.0',
      edit: async (dir) => {
        await appendFile(join(dir, 'lessons/05-pagu-indikatif.md'), '\nTambahan: contoh pagu indikatif.\n');
        const mp4 = join(dir, 'media/video-perencanaan-desa.mp4');
        await appendFile(mp4, filler(5 * SLICE_BYTES + SLICE_BYTES / 2 - (await readFile(mp4)).length));
      },
    });
    const viaApp = ((url: URL | string, init?: RequestInit) =>
      national.app.request(url.toString(), init)) as typeof fetch;
    for (const p of [v1, v2]) await publishPackage(p, { server: NATIONAL, token: admin.token, fetch: viaApp });
    video = parseManifestText(v2.envelope.manifest).files.find((f) => f.type === 'video/mp4')!;
    expect(video.size).toBeGreaterThan(5 * SLICE_BYTES);
  });
  afterEach(() => {
    uplink.state.fault = () => undefined;
  });
  afterAll(async () => {
    for (const drop of hubs) await drop();
  });

  /** A fresh hub store on PGlite, as at an office, that has mirrored its learners once. */
  const freshHub = async (): Promise<Store> => {
    const { store, drop } = await testStoreKinds()[0]!.open();
    hubs.push(drop);
    await applyHubMirror(store, await fetchHubMirror(client));
    return store;
  };
  const heldFiles = async (hub: Store) =>
    new Set((await hub.query<{ hash: string }>(`SELECT hash FROM course_files`)).rows.map((r) => r.hash));
  const filesOf = (p: typeof v1) => new Set(parseManifestText(p.envelope.manifest).files.map((f) => f.hash));

  it('fetches only the latest version’s files; a phone at the hub with the older version updates by delta', async () => {
    const hub = await freshHub();
    const before = uplink.state.fileRequests.length;
    const fetched = await mirrorHubCourses(hub, client);
    const asked = uplink.state.fileRequests.slice(before).map((r) => r.hash);
    const latest = filesOf(v2);
    expect(new Set(asked)).toEqual(latest);
    expect(asked.length).toBe(latest.size);
    expect(fetched).toBe(latest.size);
    const onlyOld = [...filesOf(v1)].filter((h) => !latest.has(h));
    expect(onlyOld.length).toBeGreaterThan(0);
    const held = await heldFiles(hub);
    for (const hash of onlyOld) expect(held.has(hash)).toBe(false);
    // Again: nothing new upstream, nothing fetched.
    expect(await mirrorHubCourses(hub, client)).toBe(0);

    const hubApp = createApp(hub, testConfig({ hubUpstream: NATIONAL, hubCredential: credential }));
    const asPhone = { headers: { Authorization: `Bearer ${learnerToken}` } };
    const catalog = (await (await hubApp.request('/api/courses', asPhone)).json()) as Array<{
      id: string;
      latestVersion: string;
    }>;
    expect(catalog.find((c) => c.id === COURSE)?.latestVersion).toBe('1.1.0');
    const res = await hubApp.request(`/api/courses/${COURSE}/versions/latest/delta?from=1.0.0`, asPhone);
    expect(res.status).toBe(200);
    const delta = (await res.json()) as ManifestDelta;
    if (delta.kind !== 'delta') throw new Error(`expected a delta from 1.0.0, got ${delta.kind}`);
    expect(applyManifestDelta(v1.envelope.manifest, delta.ops)).toBe(v2.envelope.manifest);
    // The files the delta leaves to fetch are all at the hub, the video whole and right.
    for (const hash of [...latest].filter((h) => !filesOf(v1).has(h))) {
      const file = await hubApp.request(`/api/course-files/${hash}`, asPhone);
      expect(file.status).toBe(200);
      expect(
        createHash('sha256')
          .update(new Uint8Array(await file.arrayBuffer()))
          .digest('hex'),
      ).toBe(hash);
    }
  });

  it('a video cut at 60 % resumes from its last whole slice: at most one slice more than the file crosses the uplink', async () => {
    const hub = await freshHub();
    const cutAt = Math.floor(video.size * 0.6);
    let videoAsks = 0;
    uplink.state.fault = (n) =>
      uplink.state.fileRequests[n]!.hash === video.hash && videoAsks++ === 0 ? { cutAfter: cutAt } : undefined;
    const before = uplink.state.fileRequests.length;
    const bytesBefore = uplink.state.fileBytes;
    await expect(mirrorHubCourses(hub, client)).rejects.toThrow(/course mirror incomplete/);
    // Cut: the course is not listed at the hub, and the video is no course file yet.
    expect((await hub.query(`SELECT 1 FROM course_versions WHERE course_id = $1`, [COURSE])).rows).toHaveLength(0);
    expect((await heldFiles(hub)).has(video.hash)).toBe(false);
    const kept = Number(
      (await hub.query<{ received: string }>(`SELECT received FROM hub_file_fetches WHERE hash = $1`, [video.hash]))
        .rows[0]!.received,
    );
    expect(kept).toBe(Math.floor(cutAt / SLICE_BYTES) * SLICE_BYTES);

    await mirrorHubCourses(hub, client);
    const videoRequests = uplink.state.fileRequests.slice(before).filter((r) => r.hash === video.hash);
    expect(videoRequests.map((r) => [r.range, r.status])).toEqual([
      [null, 200],
      [`bytes=${kept}-`, 206],
    ]);
    const others = [...filesOf(v2)].filter((h) => h !== video.hash);
    const otherBytes = parseManifestText(v2.envelope.manifest)
      .files.filter((f) => others.includes(f.hash))
      .reduce((sum, f) => sum + f.size, 0);
    const videoBytes = uplink.state.fileBytes - bytesBefore - otherBytes;
    expect(videoBytes).toBeLessThanOrEqual(video.size + SLICE_BYTES);
    expect(videoBytes).toBeGreaterThan(video.size);
    expect((await heldFiles(hub)).has(video.hash)).toBe(true);
    expect((await hub.query(`SELECT 1 FROM hub_file_fetches`)).rows).toHaveLength(0);
    const hubApp = createApp(hub, testConfig({ hubUpstream: NATIONAL, hubCredential: credential }));
    const served = await hubApp.request(`/api/course-files/${video.hash}`, {
      headers: { Authorization: `Bearer ${learnerToken}` },
    });
    expect(
      createHash('sha256')
        .update(new Uint8Array(await served.arrayBuffer()))
        .digest('hex'),
    ).toBe(video.hash);
  });

  it('a 503 and a 416 from upstream after a cut leave the kept slices; a file no latest version lists any more is dropped', async () => {
    const hub = await freshHub();
    const cutAt = Math.floor(video.size * 0.4);
    let videoAsks = 0;
    uplink.state.fault = (n) => {
      if (uplink.state.fileRequests[n]!.hash !== video.hash) return undefined;
      videoAsks++;
      return [{ cutAfter: cutAt }, { status: 503 }, { status: 416 }][videoAsks - 1];
    };
    const before = uplink.state.fileRequests.length;
    for (let round = 0; round < 3; round++) {
      await expect(mirrorHubCourses(hub, client)).rejects.toThrow(/course mirror incomplete/);
    }
    const kept = Math.floor(cutAt / SLICE_BYTES) * SLICE_BYTES;
    const received = await hub.query<{ received: string }>(`SELECT received FROM hub_file_fetches WHERE hash = $1`, [
      video.hash,
    ]);
    expect(Number(received.rows[0]!.received)).toBe(kept);
    // A fetch left from a version since superseded: no mirror would ever finish it.
    const stale = 'ab'.repeat(32);
    await hub.query(
      `INSERT INTO hub_file_fetches (hash, size, type, chunk_set, chunk_bytes, received)
       VALUES ($1, $2, 'video/mp4', '00000000-0000-4000-8000-000000000001', $3, $4)`,
      [stale, 2 * SLICE_BYTES, SLICE_BYTES, SLICE_BYTES],
    );
    await hub.query(
      `INSERT INTO course_file_chunks (chunk_set, seq, data) VALUES ('00000000-0000-4000-8000-000000000001', 0, '\\x00')`,
    );
    await mirrorHubCourses(hub, client);
    const videoRequests = uplink.state.fileRequests.slice(before).filter((r) => r.hash === video.hash);
    expect(videoRequests.map((r) => [r.range, r.status])).toEqual([
      [null, 200],
      [`bytes=${kept}-`, 503],
      [`bytes=${kept}-`, 416],
      [`bytes=${kept}-`, 206],
    ]);
    expect((await heldFiles(hub)).has(video.hash)).toBe(true);
    expect((await hub.query(`SELECT 1 FROM hub_file_fetches`)).rows).toHaveLength(0);
    const orphans = await hub.query(
      `SELECT 1 FROM course_file_chunks WHERE chunk_set = '00000000-0000-4000-8000-000000000001'`,
    );
    expect(orphans.rows).toHaveLength(0);
  });

  it('a byte corrupted on the way is refused, never stored or served, and fetched again', async () => {
    const hub = await freshHub();
    const flipAt = 3 * SLICE_BYTES + 1000;
    let videoAsks = 0;
    uplink.state.fault = (n) =>
      uplink.state.fileRequests[n]!.hash === video.hash && videoAsks++ === 0 ? { flipAt } : undefined;
    const before = uplink.state.fileRequests.length;
    await expect(mirrorHubCourses(hub, client)).rejects.toThrow(/course mirror incomplete/);
    expect((await heldFiles(hub)).has(video.hash)).toBe(false);
    // The manifest's piece hashes caught it: the slices before the bad one stay, the bad one was not written.
    const { rows } = await hub.query<{ received: string; chunk_set: string }>(
      `SELECT received, chunk_set::text AS chunk_set FROM hub_file_fetches WHERE hash = $1`,
      [video.hash],
    );
    expect(Number(rows[0]!.received)).toBe(3 * SLICE_BYTES);
    const slices = await hub.query(`SELECT seq FROM course_file_chunks WHERE chunk_set = $1::text::uuid`, [
      rows[0]!.chunk_set,
    ]);
    expect(slices.rows).toHaveLength(3);

    await mirrorHubCourses(hub, client);
    const videoRequests = uplink.state.fileRequests.slice(before).filter((r) => r.hash === video.hash);
    expect(videoRequests.map((r) => r.range)).toEqual([null, `bytes=${3 * SLICE_BYTES}-`]);
    expect((await heldFiles(hub)).has(video.hash)).toBe(true);
  });

  it('a hub killed after the last slice, before the file became a course file, finishes it without asking again', async () => {
    const hub = await freshHub();
    await mirrorHubCourses(hub, client);
    // The state a SIGKILL leaves between the last slice's write and the completing transaction:
    // every slice stored, received = size (the video ends in half a slice), no course_files row yet.
    const { rows } = await hub.query<{ chunk_set: string; chunk_bytes: number }>(
      `DELETE FROM course_files WHERE hash = $1 RETURNING chunk_set::text AS chunk_set, chunk_bytes`,
      [video.hash],
    );
    expect(video.size % rows[0]!.chunk_bytes).not.toBe(0);
    await hub.query(
      `INSERT INTO hub_file_fetches (hash, size, type, chunk_set, chunk_bytes, received)
       VALUES ($1, $2, 'video/mp4', $3::text::uuid, $4, $2)`,
      [video.hash, video.size, rows[0]!.chunk_set, rows[0]!.chunk_bytes],
    );
    const before = uplink.state.fileRequests.length;
    const entry = parseManifestText(v2.envelope.manifest).files.find((f) => f.hash === video.hash)!;
    expect(await mirrorCourseFile(hub, client, entry)).toBe(true);
    expect(uplink.state.fileRequests.slice(before)).toEqual([]);
    expect((await heldFiles(hub)).has(video.hash)).toBe(true);
    expect((await hub.query(`SELECT 1 FROM hub_file_fetches`)).rows).toHaveLength(0);
  });

  it('a small file without piece hashes that arrives wrong is discarded whole and fetched again', async () => {
    const hub = await freshHub();
    const lesson = parseManifestText(v2.envelope.manifest).files.find((f) => !f.chunks && f.size > 100)!;
    let asks = 0;
    uplink.state.fault = (n) =>
      uplink.state.fileRequests[n]!.hash === lesson.hash && asks++ === 0 ? { flipAt: 50 } : undefined;
    await expect(mirrorHubCourses(hub, client)).rejects.toThrow(/course mirror incomplete/);
    expect((await heldFiles(hub)).has(lesson.hash)).toBe(false);
    expect((await hub.query(`SELECT 1 FROM hub_file_fetches WHERE hash = $1`, [lesson.hash])).rows).toHaveLength(0);
    await mirrorHubCourses(hub, client);
    expect((await heldFiles(hub)).has(lesson.hash)).toBe(true);
  });
});

it('the mirror never reads a course file whole: it streams the answer slice by slice', async () => {
  const source = async (name: string) => readFile(join('src/server/hub', name), 'utf8');
  const mirror = (await source('mirror-hub-courses.ts')) + (await source('mirror-course-file.ts'));
  const client = await source('upstream-client.ts');
  expect(client).not.toMatch(/fetchHubCourseFile/);
  for (const whole of [/\.arrayBuffer\(/, /\.blob\(/, /\.bytes\(/, /\.text\(/, /new Response\(/]) {
    expect(mirror).not.toMatch(whole);
  }
  expect(mirror).toMatch(/getReader\(\)/);
});
