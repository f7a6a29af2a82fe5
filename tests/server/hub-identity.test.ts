import 'fake-indexeddb/auto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readState, writeState } from '../../src/db/sync-state';
import { testConfig } from '../../src/server/config';
import { createApp } from '../../src/server/create-app';
import { applyHubMirror } from '../../src/server/hub/apply-hub-mirror';
import type { CreateHubResponse, HubIdentityResponse, HubStatus } from '../../src/server/hub/hub-protocol';
import { registerIdentityUpstream } from '../../src/server/hub/register-identity-upstream';
import { fetchHubMirror, fetchHubSelf, type UpstreamClient } from '../../src/server/hub/upstream-client';
import type { Store } from '../../src/server/store/store';
import { toBase64 } from '../../src/shared/course/bytes';
import { hubKeyFingerprint, verifyHubProof } from '../../src/shared/hub/hub-identity-proof';
import type { PullResponse } from '../../src/shared/sync/protocol';
import { chooseSyncTarget } from '../../src/sync/choose-sync-target';
import { testUplink } from './harness/hub-uplink';
import { serveTestApp } from './harness/serve-test-app';
import { createTestDevice, type TestDevice } from './harness/test-device';
import { countStored, learnerWithToken, progressItem, seedQuizzes } from './sync-fixtures';
import { useTestApp } from './test-app';
import { describeEachStore, testStoreKinds } from './test-stores';

// The hub's identity key (docs/hub.md, "Trust"): registered with the national server over the hub's
// credential, named in the kecamatan's pulls, proven in every status probe. And the attack it is
// for: a machine on the office Wi-Fi that copies the real hub's status answer (same id) but does not
// hold its key gets no token — the phone syncs with the national server instead.

const NATIONAL = 'http://lentera.test';
const CHALLENGE = 'a-fresh-challenge-0123';

async function otherKey(): Promise<string> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  return toBase64(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)));
}
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

/**
 * The fake: answers `/api/hub/status` with a copy of what the real hub answered once (same id,
 * same public key, the signature over the copied challenge), everything else with 200 `held`-like
 * nonsense; counts the requests that carry an Authorization header.
 */
async function startFakeHub(
  copied: unknown,
): Promise<{ url: string; requests: string[]; authorized: number; close: () => Promise<void> }> {
  const fake = { url: '', requests: [] as string[], authorized: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    fake.requests.push(`${req.method} ${req.url}`);
    if (req.headers.authorization) fake.authorized++;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(req.url?.startsWith('/api/hub/status') ? copied : { results: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((done) => server.close(() => done()));
  return fake;
}

describeEachStore('the hub identity key', (kind) => {
  const national = useTestApp(kind);
  let hubStore: Store;
  let dropHub = async () => {};
  let hubApp: ReturnType<typeof createApp>;
  let client: UpstreamClient;
  let issued: CreateHubResponse;
  let adminToken: string;
  let siti: { id: string; token: string; deviceId: string };

  beforeAll(async () => {
    await seedQuizzes(national.store);
    await national.store.query(
      `INSERT INTO regions (code, parent_code, level, name) VALUES ('34.02.01', '34.02', 3, 'Srandakan'),
              ('34.02.02', '34.02', 3, 'Sanden') ON CONFLICT DO NOTHING`,
    );
    adminToken = (await learnerWithToken(national.store, 'admin-hub-identity', 'admin')).token;
    const res = await national.call('POST', '/api/hubs', {
      token: adminToken,
      json: { kecamatanCode: '34.02.01', name: 'Kantor Kecamatan Srandakan' },
    });
    issued = (await res.json()) as CreateHubResponse;
    siti = await learnerWithToken(national.store, 'siti-identity');
    const opened = await testStoreKinds()[0]!.open();
    hubStore = opened.store;
    dropHub = opened.drop;
    await seedQuizzes(hubStore);
    hubApp = createApp(hubStore, testConfig({ hubUpstream: NATIONAL, hubCredential: issued.credential }));
    client = { baseUrl: NATIONAL, credential: issued.credential, fetch: testUplink(national.app, NATIONAL).fetch };
    // The hub's first step, as runHub does it: who it is, its key upstream, its learners.
    const self = await fetchHubSelf(client);
    await hubStore.query(`INSERT INTO meta (key, value) VALUES ('hub_id', $1), ('hub_kecamatan', $2)`, [
      self.hubId,
      JSON.stringify(self.kecamatan),
    ]);
    await registerIdentityUpstream(hubStore, client);
  });
  afterAll(() => dropHub());

  const hubStatus = async (query = '') => (await (await hubApp.request(`/api/hub/status${query}`)).json()) as HubStatus;
  const pageLink = async () => {
    const html = await (await hubApp.request('http://192.168.1.10:8080/hub')).text();
    return new URL(/data-testid="address">([^<]+)</.exec(html)![1]!.replace(/&amp;/g, '&'));
  };

  it('the hub signs each probe with the key whose fingerprint its page link carries, and the national server holds that key', async () => {
    const link = await pageLink();
    expect(link.origin).toBe('http://192.168.1.10:8080');
    expect(link.searchParams.get('id')).toBe(issued.hubId);
    const k = link.searchParams.get('k')!;
    expect(k).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const status = await hubStatus(`?challenge=${CHALLENGE}`);
    expect(await hubKeyFingerprint(status.identityKey!)).toBe(k);
    const proof = { pinnedFingerprint: k, publicKey: status.identityKey!, hubId: issued.hubId };
    expect(await verifyHubProof({ ...proof, signature: status.signature!, challenge: CHALLENGE })).toBe(true);
    // Bound to the challenge: the same signature proves nothing for another probe.
    expect(await verifyHubProof({ ...proof, signature: status.signature!, challenge: `${CHALLENGE}x` })).toBe(false);
    expect((await hubStatus()).signature).toBeUndefined();
    const stored = await national.store.query<{ fingerprint: string }>(
      `SELECT identity_fingerprint AS fingerprint FROM hubs WHERE id = $1`,
      [issued.hubId],
    );
    expect(stored.rows[0]!.fingerprint).toBe(k);
    // A restarted hub (same store) keeps its key, and does not register it again.
    const again = createApp(hubStore, testConfig({ hubUpstream: NATIONAL, hubCredential: issued.credential }));
    expect((await (await again.request('/api/hub/status')).json()) as HubStatus).toMatchObject({
      identityKey: status.identityKey,
    });
  });

  it('refuses a challenge that is no short base64url string, with a specific error', async () => {
    for (const bad of ['short', 'x'.repeat(65), 'not/base64url/at/all!!', '']) {
      const res = await hubApp.request(`/api/hub/status?challenge=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('invalid_request');
    }
  });

  it('registers one key per hub: the same again is a retry, another is refused, as are a bad key and a learner', async () => {
    const { identityKey } = await hubStatus();
    const register = (publicKey: unknown, token = issued.credential) =>
      national.call('POST', '/api/hub/identity', { token, json: { publicKey } });
    const same = await register(identityKey);
    expect(same.status).toBe(200);
    expect((await same.json()) as HubIdentityResponse).toEqual({
      created: false,
      fingerprint: await hubKeyFingerprint(identityKey!),
    });
    const swapped = await register(await otherKey());
    expect(swapped.status).toBe(409);
    expect(await errorCode(swapped)).toBe('hub_identity_conflict');
    const garbage = await register('bm90IGEga2V5');
    expect(garbage.status).toBe(400);
    expect(await errorCode(garbage)).toBe('invalid_public_key');
    expect((await register(42)).status).toBe(400);
    const learner = await register(identityKey, siti.token);
    expect(learner.status).toBe(401);
    const stored = await national.store.query<{ key: string }>(`SELECT identity_key AS key FROM hubs WHERE id = $1`, [
      issued.hubId,
    ]);
    expect(stored.rows[0]!.key).toBe(identityKey);
  });

  it('the pull names the hubs of the learner’s kecamatan with their keys, a revoked one without, and none of another kecamatan', async () => {
    const { identityKey } = await hubStatus();
    const fingerprint = await hubKeyFingerprint(identityKey!);
    // A second hub of the same kecamatan that registered a key and was then revoked; one elsewhere.
    const issue = async (kecamatanCode: string) =>
      (await (
        await national.call('POST', '/api/hubs', { token: adminToken, json: { kecamatanCode, name: kecamatanCode } })
      ).json()) as CreateHubResponse;
    const stolen = await issue('34.02.01');
    const elsewhere = await issue('34.02.02');
    for (const hub of [stolen, elsewhere]) {
      const res = await national.call('POST', '/api/hub/identity', {
        token: hub.credential,
        json: { publicKey: await otherKey() },
      });
      expect(res.status).toBe(200);
    }
    await national.call('POST', `/api/hubs/${stolen.hubId}/revoke`, { token: adminToken });
    const pull = await national.call('GET', '/api/sync/pull?since=0', { token: siti.token });
    expect(((await pull.json()) as PullResponse).hubKeys).toEqual([
      { hubId: issued.hubId, key: fingerprint },
      { hubId: stolen.hubId, key: null },
    ]);
    // A revoked hub cannot register a key any more either.
    const late = await national.call('POST', '/api/hub/identity', {
      token: stolen.credential,
      json: { publicKey: await otherKey() },
    });
    expect(await errorCode(late)).toBe('hub_revoked');
    const outside = await learnerWithToken(national.store, 'no-desa-identity');
    await national.store.query(`UPDATE users SET desa_code = NULL WHERE id = $1`, [outside.id]);
    const none = await national.call('GET', '/api/sync/pull?since=0', { token: outside.token });
    expect(((await none.json()) as PullResponse).hubKeys).toBeUndefined();
  });

  it('two servers: a fake hub that copies the real hub’s status answer but not its key is refused and never sees a token; the real hub is used', async () => {
    const nationalServer = await serveTestApp(national.app);
    const hubServer = await serveTestApp(hubApp);
    // The fake copied the real hub's answer to a probe of its own: same id, same public key.
    const copied = (await (await fetch(`${hubServer.url}/api/hub/status?challenge=${CHALLENGE}`)).json()) as HubStatus;
    expect(copied.hubId).toBe(issued.hubId);
    const fake = await startFakeHub(copied);
    let phone: TestDevice | undefined;
    try {
      // At home first: the phone registers its device key and learns the kecamatan's hub keys.
      phone = await createTestDevice({ baseUrl: nationalServer.url, learner: siti, requestTimeoutMs: 5000 });
      await phone.syncUntilDrained(3);
      const known = await readState(phone.db, 'hubKeys');
      const fingerprint = await hubKeyFingerprint(copied.identityKey!);
      expect(known?.[issued.hubId]).toBe(fingerprint);
      // The hub mirrors the phone's key and session (the next mirror).
      await applyHubMirror(hubStore, await fetchHubMirror(client));

      // The learner typed the fake's address (no QR): it answers as the hub, so it is stored as the hub.
      await writeState(phone.db, 'hub', { baseUrl: fake.url, hubId: issued.hubId, kecamatan: null, setAt: 1 });
      const item = progressItem(siti.id, 'l1', { completed: true, hlc: `${Date.now()}:0:a` });
      await phone.enqueue(item);
      const report = await phone.syncUntilDrained(3);
      expect(report.lastError).toBeUndefined();
      expect(fake.requests.every((r) => r.startsWith('GET /api/hub/status?challenge='))).toBe(true);
      expect(fake.requests.length).toBeGreaterThan(0);
      expect(fake.authorized).toBe(0);
      // Its work went to the national server instead, once.
      expect([...(await countStored(national.store, [item.id])).values()]).toEqual([1]);

      // The same learner at the real hub, set by the page's link: used, and the push is held there.
      await writeState(phone.db, 'hub', {
        baseUrl: hubServer.url,
        hubId: issued.hubId,
        kecamatan: null,
        setAt: 2,
        keyFingerprint: fingerprint,
      });
      expect((await chooseSyncTarget(phone.ctx)).baseUrl).toBe(hubServer.url);
      const atOffice = progressItem(siti.id, 'l2', { completed: true, hlc: `${Date.now()}:1:a` });
      await phone.enqueue(atOffice);
      await phone.syncUntilDrained(1);
      expect((await phone.db.carriedItems.toArray()).map((c) => c.fileName)).toEqual([`hub:${issued.hubId}`]);
    } finally {
      await phone?.close();
      await fake.close();
      await hubServer.close();
      await nationalServer.close();
    }
  });
});
