import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { issueEnrolmentCode } from '../../src/server/auth/enrolment-codes';
import { hashToken } from '../../src/server/auth/token';
import { ensureUser } from '../../src/server/auth/users';
import { testConfig } from '../../src/server/config';
import { createApp } from '../../src/server/create-app';
import { applyHubMirror } from '../../src/server/hub/apply-hub-mirror';
import { forwardHubEnrolments } from '../../src/server/hub/forward-enrolments';
import { forwardOutboxBatch } from '../../src/server/hub/forward-outbox';
import type { CreateHubResponse, HubEnrolmentsResponse } from '../../src/server/hub/hub-protocol';
import { runHub } from '../../src/server/hub/run-hub';
import { fetchHubMirror, type UpstreamClient } from '../../src/server/hub/upstream-client';
import type { Store } from '../../src/server/store/store';
import type { LoginResponse } from '../../src/shared/auth-protocol';
import { normalizeEnrolmentCode } from '../../src/shared/enrolment-protocol';
import type { PushResponse } from '../../src/shared/sync/protocol';
import { newDeviceKey, registerKey, signedBundle, signedPushInit, type TestDeviceKey } from './bundle-fixtures';
import { testUplink, type TestUplink } from './harness/hub-uplink';
import { attemptWithAnswers, countStored, learnerWithToken, progressItem, seedQuizzes } from './sync-fixtures';
import { useTestApp } from './test-app';
import { describeEachStore, testStoreKinds } from './test-stores';

const NATIONAL = 'http://lentera.test';

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
const someWork = (learnerId: string) => {
  const { attempt, answers } = attemptWithAnswers(learnerId, 'posttest', [true, false]);
  return [...answers, attempt, progressItem(learnerId, 'l2', { completed: true, hlc: '000000000000002:000000:a' })];
};
const idsOf = (items: Array<{ id: string }>) => items.map((i) => i.id);

// A phone enrolled at the office hands its device key to the hub with the code (docs/hub.md): its
// signed results are held at once, and the national server registers the key with the forwarded
// redemption, so they verify there. The national server on each store, the hub on PGlite.
describeEachStore('a device key handed over with an enrolment at the hub', (kind) => {
  const national = useTestApp(kind);
  let hubStore: Store;
  let dropHub = async () => {};
  let hubApp: ReturnType<typeof createApp>;
  let uplink: TestUplink;
  let client: UpstreamClient;
  let issued: CreateHubResponse;
  let adminId: string;

  beforeAll(async () => {
    await seedQuizzes(national.store);
    await national.store.query(
      `INSERT INTO regions (code, parent_code, level, name) VALUES ('34.02.01', '34.02', 3, 'Srandakan')
       ON CONFLICT DO NOTHING`,
    );
    const admin = await learnerWithToken(national.store, 'admin-hub-enrol-key', 'admin');
    adminId = admin.id;
    const res = await national.call('POST', '/api/hubs', {
      token: admin.token,
      json: { kecamatanCode: '34.02.01', name: 'Kantor Kecamatan Srandakan' },
    });
    issued = (await res.json()) as CreateHubResponse;
    const opened = await testStoreKinds()[0]!.open();
    hubStore = opened.store;
    dropHub = opened.drop;
    hubApp = createApp(hubStore, testConfig({ hubUpstream: NATIONAL, hubCredential: issued.credential }));
    uplink = testUplink(national.app, NATIONAL);
    client = { baseUrl: NATIONAL, credential: issued.credential, fetch: uplink.fetch };
    await hubStore.query(`INSERT INTO meta (key, value) VALUES ('hub_id', $1)`, [issued.hubId]);
  });
  afterAll(() => dropHub());

  const newLearnerWithCode = async (username: string) => {
    const { id } = await ensureUser(national.store, {
      username,
      name: username,
      role: 'learner',
      desaCode: '34.02.01.2001',
    });
    const { code } = await issueEnrolmentCode(national.store, id, adminId);
    return { id, code };
  };
  /** A mirror while the uplink works (it is cut again by whoever needs it down). */
  const mirror = async () => {
    uplink.mode = 'up';
    await applyHubMirror(hubStore, await fetchHubMirror(client));
  };
  const enrolWithKey = (code: string, deviceId: string | undefined, publicKey: string) =>
    hubApp.request('/api/auth/enrol', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, deviceId, publicKey }),
    });
  /** Enrols at the hub with a new key, uplink down; the phone as the test holds it. */
  const enrolledAtOffice = async (username: string) => {
    const learner = await newLearnerWithCode(username);
    await mirror();
    uplink.mode = 'down';
    const deviceId = randomUUID();
    const key = await newDeviceKey();
    const res = await enrolWithKey(learner.code, deviceId, key.publicKey);
    expect(res.status).toBe(200);
    const session = (await res.json()) as LoginResponse;
    expect(session.deviceKey).toBe('held');
    return { ...learner, deviceId, key, token: session.token };
  };
  const pushToHub = async (
    who: { id: string; deviceId: string; token: string; key: TestDeviceKey },
    items: unknown[],
  ) => hubApp.request('/api/sync/push', signedPushInit(who.token, await signedBundle(who.key, who, items)));
  const nationalKeys = async (deviceId: string) =>
    (
      await national.store.query<{ public_key: string | null; live: boolean }>(
        `SELECT public_key, (revoked_at IS NULL AND replaced_at IS NULL) AS live FROM device_keys
          WHERE device_id = $1 ORDER BY id`,
        [deviceId],
      )
    ).rows;
  const hubKeyCode = async (userId: string) =>
    (
      await hubStore.query<{ upstream_status: string | null; upstream_key_code: string | null }>(
        `SELECT upstream_status, upstream_key_code FROM hub_enrolments WHERE user_id = $1`,
        [userId],
      )
    ).rows[0];

  it('uplink down: enrolled with a key, the phone’s signed results are held at once; uplink up: the key is registered with the session and the items verify and are stored once', async () => {
    const ani = await enrolledAtOffice('ani-key-at-office');
    const items = someWork(ani.id);
    const res = await pushToHub(ani, items);
    expect(res.status).toBe(200);
    expect(((await res.json()) as PushResponse).results.map((r) => r.status)).toEqual(['held', 'held', 'held', 'held']);
    expect(await nationalKeys(ani.deviceId)).toEqual([]);
    // A mirror in between (the snapshot cannot know the key yet) keeps it: the phone is still held.
    uplink.mode = 'up';
    await mirror();
    expect((await pushToHub(ani, someWork(ani.id))).status).toBe(200);

    expect(await forwardHubEnrolments(hubStore, client)).toEqual({ sent: 1 });
    expect(await nationalKeys(ani.deviceId)).toEqual([{ public_key: ani.key.publicKey, live: true }]);
    expect(await hubKeyCode(ani.id)).toEqual({ upstream_status: 'enrolled', upstream_key_code: 'registered' });
    await forwardOutboxBatch(hubStore, client);
    expect([...(await countStored(national.store, idsOf(items))).values()]).toEqual([1, 1, 1, 1]);
    // At home the phone registers the same key again (its app version): 200, nothing changes.
    const again = await national.call('POST', '/api/devices/key', {
      token: ani.token,
      json: { deviceId: ani.deviceId, publicKey: ani.key.publicKey, appVersion: 'test' },
    });
    expect(again.status).toBe(200);
    await mirror();
    expect((await pushToHub(ani, items)).status).toBe(200);
  });

  it('the same redemption with its key forwarded again (a lost answer) is registered again and changes nothing', async () => {
    const budi = await enrolledAtOffice('budi-key-lost-answer');
    uplink.mode = 'lose-answer';
    await expect(forwardHubEnrolments(hubStore, client)).rejects.toThrow(/answer lost/);
    expect(await forwardHubEnrolments(hubStore, client)).toEqual({ sent: 1 });
    expect(await nationalKeys(budi.deviceId)).toEqual([{ public_key: budi.key.publicKey, live: true }]);
    expect(await hubKeyCode(budi.id)).toEqual({ upstream_status: 'enrolled', upstream_key_code: 'registered' });
  });

  it('at the hub a malformed key, or a key without its device, is refused and the code stays unused', async () => {
    const cici = await newLearnerWithCode('cici-bad-key');
    await mirror();
    uplink.mode = 'down';
    const bad = await enrolWithKey(cici.code, randomUUID(), 'bm90IGEga2V5');
    expect(bad.status).toBe(400);
    expect(await errorCode(bad)).toBe('invalid_public_key');
    const key = await newDeviceKey();
    const noDevice = await enrolWithKey(cici.code, undefined, key.publicKey);
    expect(noDevice.status).toBe(400);
    expect(await errorCode(noDevice)).toBe('invalid_request');
    const good = await enrolWithKey(cici.code, randomUUID(), key.publicKey);
    expect(good.status).toBe(200);
    uplink.mode = 'up';
    expect(await forwardHubEnrolments(hubStore, client)).toEqual({ sent: 1 });
  });

  it('a key the hub knows for another learner is not kept: enrolled without it, and its bundles are not held', async () => {
    const other = await learnerWithToken(national.store, 'dodi-owns-the-key');
    const key = await newDeviceKey();
    await registerKey(national, other, key);
    const eka = await newLearnerWithCode('eka-copied-key');
    await mirror();
    uplink.mode = 'down';
    const deviceId = randomUUID();
    const res = await enrolWithKey(eka.code, deviceId, key.publicKey);
    expect(res.status).toBe(200);
    const session = (await res.json()) as LoginResponse;
    expect(session.deviceKey).toBeUndefined();
    const push = await pushToHub({ id: eka.id, deviceId, token: session.token, key }, someWork(eka.id));
    expect(push.status).toBe(403);
    expect(await errorCode(push)).toBe('unknown_device');
    uplink.mode = 'up';
    expect(await forwardHubEnrolments(hubStore, client)).toEqual({ sent: 1 });
  });

  it('upstream: a forwarded key of another learner, a malformed one, one of a device revoked since are refused with their codes; the enrolment stands (revoked on the revoked device) and the hub stops holding under that key', async () => {
    // Three phones enrol at the office; meanwhile, upstream, one key turns up for another learner,
    // one device is revoked, and (a tampered hub disk) one key is not a key.
    const fitri = await enrolledAtOffice('fitri-key-taken');
    const gita = await enrolledAtOffice('gita-device-revoked');
    const hana = await enrolledAtOffice('hana-key-garbled');
    const someoneElse = await learnerWithToken(national.store, 'indra-same-key');
    await registerKey(national, someoneElse, fitri.key);
    // The operator revokes the device upstream before the redemption arrives (as revokeDevice writes it
    // for a device without a key there).
    await national.store.query(
      `INSERT INTO device_keys (device_id, learner_id, public_key, revoked_at, revoke_reason, revoked_by)
       VALUES ($1, $2, NULL, now(), 'hilang', $3)`,
      [gita.deviceId, gita.id, adminId],
    );
    await hubStore.query(`UPDATE hub_enrolments SET public_key = 'bm90IGEga2V5' WHERE user_id = $1`, [hana.id]);
    uplink.mode = 'up';
    const requests = uplink.requests.length;
    expect(await forwardHubEnrolments(hubStore, client)).toEqual({ sent: 3 });
    expect(uplink.requests.slice(requests)).toEqual(['POST /api/hub/enrolments']);
    expect(await hubKeyCode(fitri.id)).toEqual({ upstream_status: 'enrolled', upstream_key_code: 'device_key_exists' });
    expect(await hubKeyCode(gita.id)).toEqual({ upstream_status: 'enrolled', upstream_key_code: 'device_revoked' });
    expect(await hubKeyCode(hana.id)).toEqual({ upstream_status: 'enrolled', upstream_key_code: 'invalid_public_key' });
    expect(await nationalKeys(fitri.deviceId)).toEqual([]);
    expect(await nationalKeys(hana.deviceId)).toEqual([]);
    // The sessions opened as the protocol defines: the same tokens work upstream — except on the
    // device revoked since the office redemption, whose session opens revoked.
    for (const who of [fitri, hana]) {
      const me = await national.call('GET', '/api/auth/me', { token: who.token });
      expect(me.status, who.id).toBe(200);
    }
    expect((await national.call('GET', '/api/auth/me', { token: gita.token })).status).toBe(401);
    // The hub no longer holds bundles under a key the national server did not take.
    const push = await pushToHub(fitri, someWork(fitri.id));
    expect(push.status).toBe(403);
    expect(await errorCode(push)).toBe('unknown_device');
  });

  it('a forwarded key straight to the route: the national server answers each redemption with its key’s fate', async () => {
    // What a hub sends, without the hub: checks the wire answer itself.
    const jaka = await newLearnerWithCode('jaka-wire');
    const key = await newDeviceKey();
    const res = await national.app.request('/api/hub/enrolments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${issued.credential}` },
      body: JSON.stringify({
        enrolments: [
          {
            code: normalizeEnrolmentCode(jaka.code),
            tokenHash: 'a'.repeat(64),
            deviceId: randomUUID(),
            redeemedAt: new Date().toISOString(),
            sessionExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
            publicKey: key.publicKey,
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as HubEnrolmentsResponse).results).toEqual([
      { index: 0, status: 'enrolled', key: { status: 'registered' } },
    ]);
  });

  it('a resent redemption cannot swap its key: a later redeemedAt, another device, or a code redeemed here are refused and the registered key stays', async () => {
    const postEnrolment = async (enrolment: Record<string, unknown>) => {
      const res = await national.app.request('/api/hub/enrolments', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${issued.credential}` },
        body: JSON.stringify({ enrolments: [enrolment] }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as HubEnrolmentsResponse).results[0];
    };
    const lina = await newLearnerWithCode('lina-key-swap');
    const deviceId = randomUUID();
    const first = await newDeviceKey();
    const redemption = {
      code: normalizeEnrolmentCode(lina.code),
      tokenHash: 'b'.repeat(64),
      deviceId,
      redeemedAt: new Date(Date.now() - 60_000).toISOString(),
      sessionExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    };
    expect(await postEnrolment({ ...redemption, publicKey: first.publicKey })).toEqual({
      index: 0,
      status: 'enrolled',
      key: { status: 'registered' },
    });
    // The same redemption resent with another key and a redemption time after the first key: judged
    // by the time stored with the redemption, that key is newer, so it stays.
    const later = { ...redemption, redeemedAt: new Date(Date.now() + 365 * 86_400_000).toISOString() };
    const swapped = await postEnrolment({ ...later, publicKey: (await newDeviceKey()).publicKey });
    expect(swapped).toMatchObject({ status: 'enrolled', key: { status: 'refused', code: 'device_key_exists' } });
    // Resent for another device: that phone redeemed nothing.
    const otherDevice = randomUUID();
    const moved = await postEnrolment({
      ...redemption,
      deviceId: otherDevice,
      publicKey: (await newDeviceKey()).publicKey,
    });
    expect(moved).toMatchObject({ status: 'refused', code: 'code_used' });
    expect(await nationalKeys(deviceId)).toEqual([{ public_key: first.publicKey, live: true }]);
    expect(await nationalKeys(otherDevice)).toEqual([]);
    // A code the phone redeemed on the national server itself, its session's token hash known to the
    // hub from the mirror: no hub redeemed it, so no hub may put a key on it.
    const mira = await newLearnerWithCode('mira-enrolled-at-home');
    const homeDevice = randomUUID();
    const home = await national.app.request('/api/auth/enrol', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: mira.code, deviceId: homeDevice }),
    });
    expect(home.status).toBe(200);
    const { token } = (await home.json()) as LoginResponse;
    const claimed = await postEnrolment({
      ...redemption,
      code: normalizeEnrolmentCode(mira.code),
      tokenHash: hashToken(token),
      deviceId: homeDevice,
      publicKey: (await newDeviceKey()).publicKey,
    });
    expect(claimed).toMatchObject({ status: 'refused', code: 'code_used' });
    expect(await nationalKeys(homeDevice)).toEqual([]);
  });

  it('a redemption or session time the store cannot hold (year 0000) is refused invalid_request, not a 500, and the others in the batch stand', async () => {
    const nina = await newLearnerWithCode('nina-year-zero');
    const omar = await newLearnerWithCode('omar-year-zero');
    const good = await newLearnerWithCode('putri-beside-year-zero');
    const redemption = (code: string, tokenHash: string) => ({
      code: normalizeEnrolmentCode(code),
      tokenHash,
      deviceId: randomUUID(),
      redeemedAt: new Date().toISOString(),
      sessionExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const res = await national.app.request('/api/hub/enrolments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${issued.credential}` },
      body: JSON.stringify({
        enrolments: [
          { ...redemption(nina.code, 'c'.repeat(64)), redeemedAt: '0000-01-01T00:00:00Z' },
          { ...redemption(omar.code, 'd'.repeat(64)), sessionExpiresAt: '0001-01-01T00:00:00+01:00' },
          redemption(good.code, 'e'.repeat(64)),
        ],
      }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as HubEnrolmentsResponse).results).toEqual([
      expect.objectContaining({ index: 0, status: 'refused', code: 'invalid_request' }),
      expect.objectContaining({ index: 1, status: 'refused', code: 'invalid_request' }),
      { index: 2, status: 'enrolled' },
    ]);
  });

  it('the forwarder wakes when a phone enrols and when it hands over a bundle: both go upstream long before its idle wait', async () => {
    const kiki = await newLearnerWithCode('kiki-wakes-the-forwarder');
    await mirror();
    uplink.mode = 'up';
    // An idle wait of ten minutes: only a wake can make the forward happen within the test.
    const loop = runHub(hubStore, client, Math.random, 2000, 10 * 60_000);
    try {
      await vi.waitFor(
        async () => {
          const { rows } = await hubStore.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'hub_uplink'`);
          expect(rows[0]?.value).toBe('up');
        },
        { timeout: 120_000, interval: 100 },
      );
      const deviceId = randomUUID();
      const key = await newDeviceKey();
      const res = await enrolWithKey(kiki.code, deviceId, key.publicKey);
      expect(res.status).toBe(200);
      const session = (await res.json()) as LoginResponse;
      await vi.waitFor(
        async () => expect(await nationalKeys(deviceId)).toEqual([{ public_key: key.publicKey, live: true }]),
        { timeout: 120_000, interval: 100 },
      );
      const items = someWork(kiki.id);
      const push = await pushToHub({ id: kiki.id, deviceId, token: session.token, key }, items);
      expect(push.status).toBe(200);
      await vi.waitFor(
        async () => expect([...(await countStored(national.store, idsOf(items))).values()]).toEqual([1, 1, 1, 1]),
        { timeout: 120_000, interval: 100 },
      );
    } finally {
      await loop.stop();
    }
  });
});
