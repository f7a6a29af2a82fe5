// The kecamatan hub's three figures (docs/benchmarks.md "The hub"), on one national server (on
// `kind`) and one hub (PGlite in memory, as at an office), both in this process on loopback sockets:
//  (a) 50 phones push signed bundles to the hub at once through the office Wi-Fi
//      (bench/office-link.ts, 20 Mbit/s, 10 ms) while its uplink is down: p99 batch latency,
//      its ratio to one phone alone, and errors (any item not answered `held`);
//  (b) the hub forwards everything it took over an emulated 1 Mbit/s, 300 ms RTT uplink: the time
//      against that link's bound (bytes ÷ bandwidth + one round trip per request and one to connect);
//  (c) the hub mirrors the courses, then 50 phones download one course from it with the uplink
//      down: the course's bytes that crossed the uplink ÷ the course's size (goal 1.0).
import { createHash } from 'node:crypto';
import { testConfig } from '../src/server/config';
import { createApp } from '../src/server/create-app';
import { applyHubMirror } from '../src/server/hub/apply-hub-mirror';
import { FORWARD_IN_FLIGHT, forwardOutboxBatches } from '../src/server/hub/forward-outbox';
import { MAX_HUB_BUNDLES } from '../src/server/hub/hub-protocol';
import type { CreateHubResponse } from '../src/server/hub/hub-protocol';
import { mirrorHubCourses } from '../src/server/hub/mirror-hub-courses';
import { runHub } from '../src/server/hub/run-hub';
import { fetchHubMirror, type UpstreamClient } from '../src/server/hub/upstream-client';
import { seedDemoCourses } from '../src/server/seed/seed-demo-courses';
import type { PushResponse } from '../src/shared/sync/protocol';
import { newDeviceKey, signedBundle, signedPushInit, type TestDeviceKey } from '../tests/server/bundle-fixtures';
import { serveTestApp } from '../tests/server/harness/serve-test-app';
import { HUB_KECAMATAN } from '../tests/server/harness/test-hub';
import { learnerWithToken } from '../tests/server/sync-fixtures';
import { batches } from './attempt-items';
import { openBenchStore, type StoreKindName } from './bench-store';
import { startByteCounter } from './byte-counting-proxy';
import { startOfficeLink } from './office-link';
import { makePostTestAttempts, seedPostTest } from './posttest-attempts';
import { median, percentile, round } from './stats';

const PHONES = 50;
const SOLO = 5;
const BATCH_ITEMS = 50;
const OFFICE = { mbps: 20, rttMs: 10 };
const UPLINK = { mbps: 1, rttMs: 300 };
const COURSE = 'perencanaan-pembangunan-desa';

export interface HubBenchResult {
  office: {
    phones: number;
    bundlesPerPhone: number;
    batchItems: number;
    link: typeof OFFICE;
    soloMedianMs: number;
    p99Ms: number;
    p99Ratio: number;
    errors: number;
  };
  forward: {
    link: typeof UPLINK;
    bundles: number;
    items: number;
    requests: number;
    /** Forwarding rounds: up to FORWARD_IN_FLIGHT requests in flight together in each. */
    rounds: number;
    bytes: { up: number; down: number };
    ms: number;
    boundMs: number;
    boundRatio: number;
    /** The national server's time handling the forwarded batches (verify, store, grade). */
    nationalMs: number;
    /** (time − the national server's time) ÷ the bound: what the link and the hub cost beside the bound. */
    linkShareRatio: number;
    itemsPerS: number;
    storedOnce: boolean;
  };
  course: {
    courseId: string;
    courseBytes: number;
    files: number;
    upstreamFileBytes: number;
    upstreamCatalogBytes: number;
    upstreamRatio: number;
    phones: number;
    phonesDownloadedBytes: number;
    uplinkRequestsDuringDownload: number;
    /** Downloads tried again after a connection reset. */
    downloadRetries: number;
  };
}

/** The figures' keys in bench/results/latest.json (targets in bench/result-keys.ts). */
export const HUB_KEYS = [
  'hub_office_50_p99_ms',
  'hub_office_50_p99_ratio',
  'hub_office_50_errors',
  'hub_forward_items_per_s',
  'hub_forward_bound_ratio',
  'hub_course_upstream_ratio',
];

export const hubFigures = (r: HubBenchResult): Record<string, number> => ({
  hub_office_50_p99_ms: r.office.p99Ms,
  hub_office_50_p99_ratio: r.office.p99Ratio,
  // An item the national server did not store exactly once after the forward counts as an error too.
  hub_office_50_errors: r.office.errors + (r.forward.storedOnce ? 0 : 1),
  hub_forward_items_per_s: r.forward.itemsPerS,
  hub_forward_bound_ratio: r.forward.boundRatio,
  hub_course_upstream_ratio: r.course.upstreamRatio,
});

type Phone = { id: string; token: string; deviceId: string; key: TestDeviceKey };

export async function benchHub(kind: StoreKindName, attemptsPerPhone: number): Promise<HubBenchResult> {
  const national = await openBenchStore(kind);
  const hubStore = await openBenchStore('pglite');
  const closers: Array<() => Promise<void>> = [];
  try {
    const { store } = national;
    await store.query(
      `INSERT INTO regions (code, parent_code, level, name) VALUES ($1, '34.02', 3, 'Srandakan') ON CONFLICT DO NOTHING`,
      [HUB_KECAMATAN],
    );
    const nationalApp = createApp(store, testConfig());
    const call = async <T>(path: string, token: string, body: unknown): Promise<T> => {
      const res = await nationalApp.request(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as T;
    };
    const admin = await learnerWithToken(store, 'hub-bench-admin', 'admin');
    await seedDemoCourses(store, admin.id);
    const issued = await call<CreateHubResponse>('/api/hubs', admin.token, {
      kecamatanCode: HUB_KECAMATAN,
      name: 'Kantor Kecamatan Srandakan',
    });
    const phones: Phone[] = [];
    for (let i = 0; i < PHONES + SOLO; i++) {
      const learner = await learnerWithToken(store, `hub-bench-${i}`);
      const key = await newDeviceKey();
      await call('/api/devices/key', learner.token, { deviceId: learner.deviceId, publicKey: key.publicKey });
      phones.push({ ...learner, key });
    }
    // The national server's own time on the forwarded batches, to tell its share from the link's.
    let nationalForwardMs = 0;
    const timedApp = {
      fetch: async (request: Request, env?: unknown) => {
        const start = performance.now();
        const res = await nationalApp.fetch(request, env);
        if (new URL(request.url).pathname === '/api/hub/bundles') nationalForwardMs += performance.now() - start;
        return res;
      },
    } as typeof nationalApp;
    const nationalServer = await serveTestApp(timedApp);
    closers.push(nationalServer.close);
    // Every uplink request crosses this counter (headers and all), whichever link is in front of it.
    const counter = await startByteCounter(nationalServer.url);
    closers.push(counter.close);
    /** Response body bytes per uplink path, for the course figure. */
    const bodyBytes = new Map<string, number>();
    const countingFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const body = new Uint8Array(await res.arrayBuffer());
      const path = new URL(String(input)).pathname;
      bodyBytes.set(path, (bodyBytes.get(path) ?? 0) + body.byteLength);
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    };
    let uplinkDown = false;
    let uplinkRequests = 0;
    const client = (baseUrl: string): UpstreamClient => ({
      baseUrl,
      credential: issued.credential,
      fetch: async (input, init) => {
        uplinkRequests++;
        if (uplinkDown) throw new TypeError('fetch failed (uplink down)');
        return countingFetch(input, init);
      },
    });
    const loopbackUplink = client(counter.url);

    const hubApp = createApp(
      hubStore.store,
      testConfig({ hubUpstream: counter.url, hubCredential: issued.credential }),
    );
    // Set up at the office with a working uplink: the learners' token hashes and device keys.
    await applyHubMirror(hubStore.store, await fetchHubMirror(loopbackUplink));
    const hubServer = await serveTestApp(hubApp);
    closers.push(hubServer.close);

    // (c) first, while the hub holds nothing else: the course mirror, then 50 phones download.
    const course = await courseFigure(hubStore.store, hubServer.url, loopbackUplink, bodyBytes, phones, () => {
      uplinkDown = true;
      return () => uplinkRequests;
    });

    // The post-test the phones' attempts answer, published only now: its fixture course has no files
    // (and no manifest the hub's mirror would accept), and the mirror is done.
    await seedPostTest(store);

    // (a) 50 phones with the uplink down; the hub's forwarder runs and fails, as it would.
    const forwarder = runHub(hubStore.store, loopbackUplink);
    const office = await startOfficeLink(hubServer.url, OFFICE.mbps, OFFICE.rttMs);
    closers.push(office.close);
    const pushes = await Promise.all(
      phones.map(async (p) =>
        Promise.all(
          batches(makePostTestAttempts(p.id, attemptsPerPhone), BATCH_ITEMS).map(async (items) => ({
            init: signedPushInit(p.token, await signedBundle(p.key, p, items)),
            count: items.length,
          })),
        ),
      ),
    );
    const solo: number[] = [];
    for (const phone of pushes.slice(PHONES)) solo.push(...(await pushAll(office.url, phone)).latencies);
    const busy = await Promise.all(pushes.slice(0, PHONES).map((phone) => pushAll(office.url, phone)));
    await forwarder.stop();
    const soloMedianMs = median(solo);
    const p99Ms = percentile(
      busy.flatMap((b) => b.latencies),
      99,
    );
    const errors = busy.reduce((sum, b) => sum + b.errors, 0);

    // (b) the uplink comes back, as 1 Mbit/s with 300 ms RTT: forward everything, batch after batch.
    uplinkDown = false;
    const slow = await startOfficeLink(counter.url, UPLINK.mbps, UPLINK.rttMs);
    closers.push(slow.close);
    const slowUplink = client(slow.url);
    const waiting = await hubStore.store.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM hub_outbox WHERE forwarded_at IS NULL`,
    );
    const items = pushes.flat().reduce((sum, p) => sum + p.count, 0);
    counter.reset();
    nationalForwardMs = 0;
    let requests = 0;
    let rounds = 0;
    const started = performance.now();
    for (;;) {
      // As the hub's forwarder runs it: up to FORWARD_IN_FLIGHT batches at once.
      const { sent, more } = await forwardOutboxBatches(hubStore.store, slowUplink);
      requests += Math.ceil(sent / MAX_HUB_BUNDLES);
      rounds++;
      if (!more) break;
    }
    const ms = performance.now() - started;
    const bytes = { ...counter.bytes };
    // One round trip per round of requests in flight together, one to open each (kept-alive) connection.
    const boundMs =
      ((bytes.up + bytes.down) / ((UPLINK.mbps * 1_000_000) / 8)) * 1000 +
      (rounds + Math.min(FORWARD_IN_FLIGHT, requests)) * UPLINK.rttMs;
    const stored = await store.query<{ n: number; ids: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM sync_items WHERE carried_by_hub = $1::uuid`,
      [issued.hubId],
    );
    return {
      office: {
        phones: PHONES,
        bundlesPerPhone: pushes[0]!.length,
        batchItems: BATCH_ITEMS,
        link: OFFICE,
        soloMedianMs: round(soloMedianMs, 1),
        p99Ms: round(p99Ms),
        p99Ratio: round(p99Ms / soloMedianMs, 2),
        errors,
      },
      forward: {
        link: UPLINK,
        bundles: waiting.rows[0]!.n,
        items,
        requests,
        rounds,
        bytes,
        ms: round(ms),
        boundMs: round(boundMs),
        boundRatio: round(ms / boundMs, 2),
        nationalMs: round(nationalForwardMs),
        linkShareRatio: round((ms - nationalForwardMs) / boundMs, 2),
        itemsPerS: round(items / (ms / 1000)),
        storedOnce: stored.rows[0]!.n === items && stored.rows[0]!.ids === items,
      },
      course,
    };
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await hubStore.drop();
    await national.drop();
  }
}

/** One phone's bundles, one after another; an error is an item not answered `held`, or a failed request. */
async function pushAll(url: string, pushes: Array<{ init: RequestInit; count: number }>) {
  const latencies: number[] = [];
  let errors = 0;
  for (const push of pushes) {
    const start = performance.now();
    try {
      const res = await fetch(`${url}/api/sync/push`, push.init);
      if (res.status !== 200) throw new Error(`push answered ${res.status}`);
      const body = (await res.json()) as PushResponse;
      errors += push.count - body.results.filter((r) => r.status === 'held').length;
    } catch {
      errors += push.count;
    }
    latencies.push(performance.now() - start);
  }
  return { latencies, errors };
}

/** The hub mirrors every course over the loopback uplink; then, uplink down, 50 phones download `COURSE` from it. */
async function courseFigure(
  hubStore: Parameters<typeof mirrorHubCourses>[0],
  hubUrl: string,
  uplink: UpstreamClient,
  bodyBytes: Map<string, number>,
  phones: Phone[],
  cutUplink: () => () => number,
): Promise<HubBenchResult['course']> {
  await mirrorHubCourses(hubStore, uplink);
  const requestsNow = cutUplink();
  const before = requestsNow();
  const asPhone = (p: Phone) => ({ headers: { Authorization: `Bearer ${p.token}` } });
  const envelope = (await (
    await fetch(`${hubUrl}/api/courses/${COURSE}/versions/latest`, asPhone(phones[0]!))
  ).json()) as {
    manifest: string;
  };
  const manifest = JSON.parse(envelope.manifest) as { files: Array<{ hash: string; size: number }> };
  const courseBytes = manifest.files.reduce((sum, f) => sum + f.size, 0);
  let retries = 0;
  const downloaded = await Promise.all(
    phones.slice(0, PHONES).map(async (p) => {
      let got = 0;
      for (const file of manifest.files) {
        const bytes = await downloadFile(`${hubUrl}/api/course-files/${file.hash}`, asPhone(p), () => retries++);
        if (createHash('sha256').update(bytes).digest('hex') !== file.hash) throw new Error(`${file.hash} corrupt`);
        got += bytes.byteLength;
      }
      return got;
    }),
  );
  const upstreamFileBytes = manifest.files.reduce(
    (sum, f) => sum + (bodyBytes.get(`/api/hub/course-files/${f.hash}`) ?? 0),
    0,
  );
  return {
    courseId: COURSE,
    courseBytes,
    files: manifest.files.length,
    upstreamFileBytes,
    upstreamCatalogBytes: bodyBytes.get('/api/hub/courses') ?? 0,
    upstreamRatio: round(upstreamFileBytes / courseBytes, 3),
    phones: PHONES,
    phonesDownloadedBytes: downloaded.reduce((a, b) => a + b, 0),
    uplinkRequestsDuringDownload: requestsNow() - before,
    downloadRetries: retries,
  };
}

/**
 * One file as the phone's download worker takes it: a connection reset (a kept-alive socket the
 * server closed just then, seen on this loaded loopback) is tried again, at most twice.
 */
async function downloadFile(url: string, init: RequestInit, onRetry: () => void): Promise<Uint8Array> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(url, init);
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      if (!(err instanceof TypeError) || attempt >= 2) throw err;
      onRetry();
    }
  }
}
