import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { testConfig } from '../../src/server/config';
import { createApp } from '../../src/server/create-app';
import { forwardOutboxBatch, forwardOutboxBatches } from '../../src/server/hub/forward-outbox';
import { applyHubMirror } from '../../src/server/hub/apply-hub-mirror';
import { mirrorHubChanges } from '../../src/server/hub/mirror-hub-changes';
import { mirrorHubCourses } from '../../src/server/hub/mirror-hub-courses';
import { seedDemoCourses } from '../../src/server/seed/seed-demo-courses';
import type { CreateHubResponse, HubStatus } from '../../src/server/hub/hub-protocol';
import { runHub } from '../../src/server/hub/run-hub';
import { fetchHubMirror, fetchHubSelf, type UpstreamClient } from '../../src/server/hub/upstream-client';
import type { Store } from '../../src/server/store/store';
import type { PullResponse, ReconcileResponse } from '../../src/shared/sync/protocol';
import { newDeviceKey, registerKey, signedBundle, signedPushInit, type TestDeviceKey } from './bundle-fixtures';
import { testUplink, type TestUplink } from './harness/hub-uplink';
import {
  attemptWithAnswers,
  countStored,
  learnerWithToken,
  progressItem,
  pushInit,
  seedQuizzes,
  type PushResponse,
} from './sync-fixtures';
import { useTestApp } from './test-app';
import { describeEachStore, testStoreKinds } from './test-stores';

const NATIONAL = 'http://lentera.test';
const APP_ORIGIN = 'https://lentera.test';

function someWork(learnerId: string) {
  const { attempt, answers } = attemptWithAnswers(learnerId, 'posttest', [true, false]);
  return [...answers, attempt, progressItem(learnerId, 'l2', { completed: true, hlc: '000000000000002:000000:a' })];
}
const idsOf = (items: Array<{ id: string }>) => items.map((i) => i.id);
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

// The national server on each store; the hub always on PGlite, as at an office.
describeEachStore('a kecamatan hub in front of the national server', (kind) => {
  const national = useTestApp(kind);
  let hubStore: Store;
  let dropHub = async () => {};
  let hubApp: ReturnType<typeof createApp>;
  let uplink: TestUplink;
  let client: UpstreamClient;
  let issued: CreateHubResponse;
  type Phone = { id: string; token: string; deviceId: string; key: TestDeviceKey };
  let siti: Phone;
  let budi: Phone;

  beforeAll(async () => {
    await seedQuizzes(national.store);
    await national.store.query(
      `INSERT INTO regions (code, parent_code, level, name) VALUES ('34.02.01', '34.02', 3, 'Srandakan')
       ON CONFLICT DO NOTHING`,
    );
    const admin = await learnerWithToken(national.store, 'admin-hub-mode', 'admin');
    const res = await national.call('POST', '/api/hubs', {
      token: admin.token,
      json: { kecamatanCode: '34.02.01', name: 'Kantor Kecamatan Srandakan' },
    });
    issued = (await res.json()) as CreateHubResponse;
    const phone = async (name: string): Promise<Phone> => {
      const learner = await learnerWithToken(national.store, name);
      const key = await newDeviceKey();
      await registerKey(national, learner, key);
      return { ...learner, key };
    };
    siti = await phone('siti-at-office');
    budi = await phone('budi-at-office');
    const opened = await testStoreKinds()[0]!.open();
    hubStore = opened.store;
    dropHub = opened.drop;
    await seedQuizzes(hubStore);
    hubApp = createApp(
      hubStore,
      testConfig({ hubUpstream: NATIONAL, hubCredential: issued.credential, hubAppOrigins: [APP_ORIGIN] }),
    );
    uplink = testUplink(national.app, NATIONAL);
    client = { baseUrl: NATIONAL, credential: issued.credential, fetch: uplink.fetch };
    // The hub is set up with a working uplink once: it learns its learners' token hashes and keys.
    await applyHubMirror(hubStore, await fetchHubMirror(client));
  });
  afterAll(() => dropHub());

  const pushToHub = async (who: Phone, items: unknown[]) => {
    const res = await hubApp.request(
      '/api/sync/push',
      signedPushInit(who.token, await signedBundle(who.key, who, items)),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as PushResponse;
    // A hub never offers packing: it forwards the phone's text to a national server that may be older.
    expect(body).not.toHaveProperty('packings');
    return body.results;
  };
  const waiting = async () =>
    (await hubStore.query<{ n: number }>(`SELECT count(*)::int AS n FROM hub_outbox WHERE forwarded_at IS NULL`))
      .rows[0]!.n;

  it('with the uplink down the hub answers held, keeps the bundle, and the national server has nothing yet', async () => {
    uplink.mode = 'down';
    const items = someWork(siti.id);
    const results = await pushToHub(siti, items);
    expect(results.map((r) => r.status)).toEqual(['held', 'held', 'held', 'held']);
    expect((await countStored(national.store, idsOf(items))).size).toBe(0);
    await expect(forwardOutboxBatch(hubStore, client)).rejects.toThrow(/uplink down/);
    expect(await waiting()).toBeGreaterThanOrEqual(1);
    // The answer was lost: the phone pushes the same items again in a new bundle; nothing new to forward.
    const before = await waiting();
    expect((await pushToHub(siti, items)).map((r) => r.status)).toEqual(['held', 'held', 'held', 'held']);
    expect(await waiting()).toBe(before);
    uplink.mode = 'up';
    await forwardOutboxBatch(hubStore, client);
    expect(await waiting()).toBe(0);
    expect([...(await countStored(national.store, idsOf(items))).values()]).toEqual([1, 1, 1, 1]);
    const carried = await national.store.query<{ hub: string }>(
      `SELECT carried_by_hub::text AS hub FROM sync_items WHERE id = ANY($1::uuid[])`,
      [idsOf(items)],
    );
    expect(carried.rows.map((r) => r.hub)).toEqual(Array(4).fill(issued.hubId));
    // Forwarded and stored: the same items at the hub again are duplicates, and none is missing.
    expect((await pushToHub(siti, items)).map((r) => r.status)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
  });

  it('a packed bundle (an app that packs for a hub anyway) is refused whole, held nowhere; the same items plain are held and stored', async () => {
    uplink.mode = 'up';
    // A hub forwards the signed text as it is, to a national server that may be older and refuse
    // `packed`: the whole bundle's items would come back refused to the phone. Refused here instead,
    // the phone's engine sends the batch again plain at once.
    const { attempt, answers } = attemptWithAnswers(siti.id, 'pretest', [true, true]);
    const items = [
      ...answers,
      attempt,
      progressItem(siti.id, 'l1', { completed: true, hlc: '000000000000003:000000:a' }),
    ];
    const before = await waiting();
    const res = await hubApp.request(
      '/api/sync/push',
      signedPushInit(siti.token, await signedBundle(siti.key, siti, items, true)),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    expect(await waiting()).toBe(before);
    expect((await pushToHub(siti, items)).map((r) => r.status)).toEqual(['held', 'held', 'held', 'held']);
    await forwardOutboxBatch(hubStore, client);
    expect([...(await countStored(national.store, idsOf(items))).values()]).toEqual([1, 1, 1, 1]);
    expect((await pushToHub(siti, items)).map((r) => r.status)).toEqual(Array(4).fill('duplicate'));
  });

  it('the national answer lost after it stored the batch: the hub sends it again and every item is stored once', async () => {
    const items = someWork(budi.id);
    await pushToHub(budi, items);
    uplink.mode = 'lose-answer';
    await expect(forwardOutboxBatch(hubStore, client)).rejects.toThrow(/answer lost/);
    expect((await countStored(national.store, idsOf(items))).size).toBe(4);
    expect(await waiting()).toBe(1);
    await forwardOutboxBatch(hubStore, client);
    expect(await waiting()).toBe(0);
    expect([...(await countStored(national.store, idsOf(items))).values()]).toEqual([1, 1, 1, 1]);
    const upstream = await hubStore.query<{ status: string }>(
      `SELECT upstream_status AS status FROM hub_held_items WHERE item_id = ANY($1::uuid[])`,
      [idsOf(items)],
    );
    expect(upstream.rows.map((r) => r.status)).toEqual(Array(4).fill('duplicate'));
  });

  it('two batches in flight at once: one failing leaves the other recorded; the next round sends only what is left, each item stored once', async () => {
    uplink.mode = 'down';
    // Progress only: another attempt here would count towards the post-test's limit in later tests.
    const work = [0, 1, 2].map((b) =>
      [0, 1].map((k) =>
        progressItem(b === 1 ? budi.id : siti.id, `l${k + 1}`, {
          completed: true,
          hlc: `00000000000000${5 + b}:000000:a`,
        }),
      ),
    );
    for (const [i, items] of work.entries()) await pushToHub(i === 1 ? budi : siti, items);
    const before = await waiting();
    expect(before).toBeGreaterThanOrEqual(3);
    uplink.mode = 'up';
    let inFlight = 0;
    let most = 0;
    let failFirst = true;
    const flaky: UpstreamClient = {
      ...client,
      fetch: (async (input: string | URL | Request, init?: RequestInit) => {
        if (!String(input).endsWith('/api/hub/bundles')) return uplink.fetch(input, init);
        inFlight++;
        most = Math.max(most, inFlight);
        try {
          // Both requests are on their way before either is answered.
          await new Promise((resolve) => setTimeout(resolve, 50));
          if (failFirst) {
            failFirst = false;
            throw new TypeError('fetch failed (uplink dropped)');
          }
          return await uplink.fetch(input, init);
        } finally {
          inFlight--;
        }
      }) as typeof fetch,
    };
    await expect(forwardOutboxBatches(hubStore, flaky, 1, 2)).rejects.toThrow(/uplink dropped/);
    expect(most).toBe(2);
    expect(await waiting()).toBe(before - 1);
    for (let round = 0; round < before; round++) {
      if (!(await forwardOutboxBatches(hubStore, client, 1, 2)).more) break;
    }
    expect(await waiting()).toBe(0);
    const ids = work.flatMap(idsOf);
    const stored = await countStored(national.store, ids);
    expect(stored.size).toBe(ids.length);
    expect([...stored.values()].every((n) => n === 1)).toBe(true);
  });

  it('reconcile at the hub: held items are not missing, an id the hub never saw is', async () => {
    const items = someWork(siti.id);
    uplink.mode = 'down';
    await pushToHub(siti, items);
    const unseen = someWork(siti.id)[0]!.id;
    const res = await hubApp.request('/api/sync/reconcile', pushInit(siti.token, { ids: [...idsOf(items), unseen] }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as ReconcileResponse).missing).toEqual([unseen]);
    uplink.mode = 'up';
    await forwardOutboxBatch(hubStore, client);
  });

  it('a push cut short on the way to the hub (truncated request) is a 400 and holds nothing; sent again whole it is held', async () => {
    const items = someWork(budi.id);
    const whole = signedPushInit(budi.token, await signedBundle(budi.key, budi, items));
    const bytes = whole.body as Uint8Array;
    const cut = await hubApp.request('/api/sync/push', {
      ...whole,
      body: new Uint8Array(bytes.subarray(0, Math.floor(bytes.length / 2))),
    });
    expect(cut.status).toBe(400);
    expect(['bad_gzip', 'body_incomplete']).toContain(await errorCode(cut));
    const held = await hubStore.query(`SELECT 1 FROM hub_held_items WHERE item_id = ANY($1::uuid[])`, [idsOf(items)]);
    expect(held.rows).toEqual([]);
    const again = await hubApp.request('/api/sync/push', whole);
    expect(((await again.json()) as PushResponse).results.map((r) => r.status)).toEqual([
      'held',
      'held',
      'held',
      'held',
    ]);
    await forwardOutboxBatch(hubStore, client);
  });

  it('the hub registers no device key (421 hub_registers_no_keys): the phone registers with the national server, and the hub learns the key from its next mirror', async () => {
    const newcomer = await learnerWithToken(national.store, 'dewi-new-phone');
    await applyHubMirror(hubStore, await fetchHubMirror(client));
    const key = await newDeviceKey();
    const atHub = await hubApp.request('/api/devices/key', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${newcomer.token}` },
      body: JSON.stringify({ deviceId: newcomer.deviceId, publicKey: key.publicKey }),
    });
    expect([atHub.status, await errorCode(atHub)]).toEqual([421, 'hub_registers_no_keys']);
    const keys = await hubStore.query(`SELECT 1 FROM device_keys WHERE learner_id = $1`, [newcomer.id]);
    expect(keys.rows).toEqual([]);
    await registerKey(national, newcomer, key);
    await applyHubMirror(hubStore, await fetchHubMirror(client));
    const dewi = { ...newcomer, key };
    expect((await pushToHub(dewi, someWork(dewi.id))).every((r) => r.status === 'held')).toBe(true);
    await forwardOutboxBatch(hubStore, client);
  });

  it('the hub refuses an unsigned push, a token it has not mirrored and a tampered bundle, and holds none of them', async () => {
    const items = someWork(siti.id);
    const unsigned = await hubApp.request('/api/sync/push', pushInit(siti.token, { deviceId: siti.deviceId, items }));
    expect([unsigned.status, await errorCode(unsigned)]).toEqual([403, 'bundle_signature_required']);
    const newcomer = await learnerWithToken(national.store, 'ani-signed-in-after-mirror');
    const unknown = await hubApp.request(
      '/api/sync/push',
      signedPushInit(newcomer.token, await signedBundle(await newDeviceKey(), newcomer, someWork(newcomer.id))),
    );
    expect([unknown.status, await errorCode(unknown)]).toEqual([401, 'token_unknown']);
    const bundle = await signedBundle(siti.key, siti, items);
    const tampered = { ...bundle, text: bundle.text.replace('"completed":true', '"completed":false') };
    const bad = await hubApp.request('/api/sync/push', signedPushInit(siti.token, tampered));
    expect([bad.status, await errorCode(bad)]).toEqual([400, 'bad_bundle_signature']);
    const held = await hubStore.query(`SELECT 1 FROM hub_held_items WHERE item_id = ANY($1::uuid[])`, [idsOf(items)]);
    expect(held.rows).toEqual([]);
  });

  it('a bundle the national server refuses (the learner moved to another kecamatan) is answered rejected at the hub and counted missing', async () => {
    const moving = await learnerWithToken(national.store, 'rina-moving');
    const key = await newDeviceKey();
    await registerKey(national, moving, key);
    await applyHubMirror(hubStore, await fetchHubMirror(client));
    const rina = { ...moving, key };
    const items = someWork(rina.id);
    uplink.mode = 'down';
    expect((await pushToHub(rina, items)).every((r) => r.status === 'held')).toBe(true);
    await national.store.query(`UPDATE users SET desa_code = '34.04.01.2001' WHERE id = $1`, [rina.id]);
    uplink.mode = 'up';
    await forwardOutboxBatch(hubStore, client);
    expect((await countStored(national.store, idsOf(items))).size).toBe(0);
    const again = await hubApp.request(
      '/api/sync/push',
      signedPushInit(rina.token, await signedBundle(key, rina, items)),
    );
    const results = ((await again.json()) as PushResponse).results;
    expect(results.map((r) => [r.status, r.reason, r.detail])).toEqual(
      Array(4).fill(['rejected', 'forbidden', 'outside_hub_kecamatan']),
    );
    const reconcile = await hubApp.request('/api/sync/reconcile', pushInit(rina.token, { ids: idsOf(items) }));
    expect(((await reconcile.json()) as ReconcileResponse).missing).toEqual(idsOf(items));
  });

  it('the forwarder loop sends what phones left while the uplink was down once it comes back, and the status says so', async () => {
    uplink.mode = 'down';
    const items = someWork(budi.id);
    await pushToHub(budi, items);
    const hub = runHub(hubStore, client, () => 0.01);
    try {
      await vi.waitFor(
        async () => {
          const status = (await (await hubApp.request('/api/hub/status')).json()) as HubStatus;
          expect(status).toMatchObject({ mode: 'hub', uplink: 'down', waitingBundles: 1 });
        },
        { timeout: 20_000, interval: 50 },
      );
      const page = await (await hubApp.request('/hub')).text();
      expect(page).toContain('Terputus');
      expect(page).toContain('data:image/svg+xml;base64,');
      uplink.mode = 'up';
      hub.wake();
      await vi.waitFor(
        async () => {
          const status = (await (await hubApp.request('/api/hub/status')).json()) as HubStatus;
          expect(status).toMatchObject({
            mode: 'hub',
            hubId: issued.hubId,
            kecamatan: { code: '34.02.01', name: 'Srandakan' },
            uplink: 'up',
            waitingBundles: 0,
          });
          expect(status.lastForwardAt).not.toBeNull();
        },
        { timeout: 20_000, interval: 50 },
      );
    } finally {
      await hub.stop();
    }
    expect([...(await countStored(national.store, idsOf(items))).values()]).toEqual([1, 1, 1, 1]);
    expect(await (await fetchHubSelf(client)).hubId).toBe(issued.hubId);
  });

  it('grades the national server gave come back to the hub: the hub’s pull answers what the national pull answers, with the same checkpoint', async () => {
    const items = someWork(siti.id);
    uplink.mode = 'up';
    await pushToHub(siti, items);
    await forwardOutboxBatch(hubStore, client);
    expect(await mirrorHubChanges(hubStore, client)).toBeGreaterThan(0);
    const atHome = (await (
      await national.call('GET', '/api/sync/pull?since=0', { token: siti.token })
    ).json()) as PullResponse;
    const res = await hubApp.request('/api/sync/pull?since=0', { headers: { Authorization: `Bearer ${siti.token}` } });
    expect(res.status).toBe(200);
    const atOffice = (await res.json()) as PullResponse;
    expect(atOffice.serverEpoch).toBe(atHome.serverEpoch);
    expect(atOffice.checkpoint).toBe(atHome.checkpoint);
    const byAttempt = (p: PullResponse) => [...p.grades].sort((a, b) => a.attemptId.localeCompare(b.attemptId));
    expect(byAttempt(atOffice)).toEqual(byAttempt(atHome));
    expect(atOffice.grades.find((g) => g.attemptId === items[2]!.id)).toMatchObject({ score: 50, passed: false });
    expect(new Set(atOffice.progress.map((p) => p.lessonId))).toEqual(new Set(atHome.progress.map((p) => p.lessonId)));
    // Nothing new after the checkpoint, on either server.
    const again = (await (
      await hubApp.request(`/api/sync/pull?since=${atOffice.checkpoint}`, {
        headers: { Authorization: `Bearer ${siti.token}` },
      })
    ).json()) as PullResponse;
    expect([again.grades.length, again.progress.length, again.checkpoint]).toEqual([0, 0, atOffice.checkpoint]);
  });

  it('the hub mirrors the courses once, by delta; five phones download a course from it with the uplink cut, and each file crossed the uplink once', async () => {
    const author = await learnerWithToken(national.store, 'pelatih-hub', 'admin');
    await seedDemoCourses(national.store, author.id);
    uplink.mode = 'up';
    const before = uplink.requests.length;
    const fetched = await mirrorHubCourses(hubStore, client);
    const fileRequests = uplink.requests.slice(before).filter((r) => r.startsWith('GET /api/hub/course-files/'));
    expect(fetched).toBeGreaterThan(0);
    expect(fileRequests.length).toBe(fetched);
    expect(new Set(fileRequests).size).toBe(fileRequests.length);
    // Again: nothing new upstream, nothing fetched.
    expect(await mirrorHubCourses(hubStore, client)).toBe(0);

    uplink.mode = 'down';
    const during = uplink.requests.length;
    const phones = [siti, budi, siti, budi, siti];
    const asPhone = (who: Phone) => ({ headers: { Authorization: `Bearer ${who.token}` } });
    for (const who of phones) {
      const catalog = (await (await hubApp.request('/api/courses', asPhone(who))).json()) as Array<{ id: string }>;
      expect(catalog.map((c) => c.id)).toContain('perencanaan-pembangunan-desa');
      const envelope = (await (
        await hubApp.request('/api/courses/perencanaan-pembangunan-desa/versions/latest', asPhone(who))
      ).json()) as { manifest: string };
      const manifest = JSON.parse(envelope.manifest) as { files: Array<{ hash: string; size: number }> };
      for (const file of manifest.files) {
        const res = await hubApp.request(`/api/course-files/${file.hash}`, asPhone(who));
        expect(res.status).toBe(200);
        const bytes = new Uint8Array(await res.arrayBuffer());
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.hash);
      }
    }
    expect(uplink.requests.length).toBe(during);
    // A download cut short resumes from the hub with Range, as from the national server.
    const big = (
      await hubStore.query<{ hash: string; size: number }>(
        `SELECT hash, size::int AS size FROM course_files ORDER BY size DESC LIMIT 1`,
      )
    ).rows[0]!;
    const part = await hubApp.request(`/api/course-files/${big.hash}`, {
      headers: { Authorization: `Bearer ${siti.token}`, Range: `bytes=10-` },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-${big.size - 1}/${big.size}`);
    uplink.mode = 'up';
  });

  it('the national server says it is no hub; the hub answers CORS with the Private Network Access grant only for the app’s origin', async () => {
    expect(await (await national.app.request('/api/hub/status')).json()).toEqual({ mode: 'national' });
    const preflight = (origin: string) =>
      hubApp.request('/api/sync/push', {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type, content-encoding, lentera-bundle-signature',
          'Access-Control-Request-Private-Network': 'true',
        },
      });
    const ok = await preflight(APP_ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(ok.headers.get('access-control-allow-private-network')).toBe('true');
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('lentera-bundle-signature');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-private-network')).toBeNull();
    const status = await hubApp.request('/api/hub/status', { headers: { Origin: APP_ORIGIN } });
    expect(status.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
  });
});
