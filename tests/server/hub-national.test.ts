import { gzipSync } from 'node:zlib';
import { beforeAll, expect, it } from 'vitest';
import { hashToken } from '../../src/server/auth/token';
import {
  MAX_HUB_BUNDLES,
  type CreateHubResponse,
  type HubBundlesResponse,
  type ListHubsResponse,
} from '../../src/server/hub/hub-protocol';
import { newDeviceKey, registerKey, signedBundle, signedPushInit, type TestDeviceKey } from './bundle-fixtures';
import { signBundleText } from '../../src/shared/sync/bundle';
import {
  attemptWithAnswers,
  countStored,
  learnerWithToken,
  progressItem,
  seedQuizzes,
  type PushResponse,
} from './sync-fixtures';
import { useTestApp } from './test-app';
import { describeEachStore } from './test-stores';

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

function someWork(learnerId: string) {
  const { attempt, answers } = attemptWithAnswers(learnerId, 'posttest', [true, true]);
  return [...answers, attempt, progressItem(learnerId, 'l1', { completed: true, hlc: '000000000000001:000000:a' })];
}
const idsOf = (items: Array<{ id: string }>) => items.map((i) => i.id);

describeEachStore('kecamatan hubs on the national server', (kind) => {
  const t = useTestApp(kind);
  let admin: { id: string; token: string };
  let srandakan: CreateHubResponse;
  let sleman: CreateHubResponse;
  beforeAll(async () => {
    await seedQuizzes(t.store);
    await t.store.query(
      `INSERT INTO regions (code, parent_code, level, name) VALUES
         ('34', NULL, 1, 'DI Yogyakarta'), ('34.02', '34', 2, 'Bantul'), ('34.04', '34', 2, 'Sleman'),
         ('34.02.01', '34.02', 3, 'Srandakan'), ('34.04.01', '34.04', 3, 'Gamping'),
         ('34.02.01.2001', '34.02.01', 4, 'Poncosari')
       ON CONFLICT DO NOTHING`,
    );
    admin = await learnerWithToken(t.store, 'admin-hubs', 'admin');
    srandakan = await issue('34.02.01', 'Kantor Kecamatan Srandakan');
    sleman = await issue('34.04.01', 'Kantor Kecamatan Gamping');
  });
  const issue = async (kecamatanCode: string, name: string) => {
    const res = await t.call('POST', '/api/hubs', { token: admin.token, json: { kecamatanCode, name } });
    expect(res.status).toBe(201);
    return (await res.json()) as CreateHubResponse;
  };
  const keyedLearner = async (name: string, desaCode?: string) => {
    const learner = await learnerWithToken(t.store, name);
    if (desaCode) await t.store.query(`UPDATE users SET desa_code = $2 WHERE id = $1`, [learner.id, desaCode]);
    const key: TestDeviceKey = await newDeviceKey();
    await registerKey(t, learner, key);
    return { ...learner, key };
  };
  const forward = async (credential: string, bundles: Array<{ text: string; signature: string }>) => {
    const res = await t.app.request('/api/hub/bundles', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
        Authorization: `Bearer ${credential}`,
      },
      body: gzipSync(JSON.stringify({ bundles: bundles.map((b) => ({ body: b.text, signature: b.signature })) })),
    });
    return res;
  };
  const forwardOk = async (credential: string, bundles: Array<{ text: string; signature: string }>) => {
    const res = await forward(credential, bundles);
    expect(res.status).toBe(200);
    return ((await res.json()) as HubBundlesResponse).results;
  };

  it('an admin issues a hub for a kecamatan: the credential is shown once and only its hash is stored', async () => {
    expect(srandakan.kecamatan).toEqual({ code: '34.02.01', name: 'Srandakan' });
    const { rows } = await t.store.query<{ credential_hash: string }>(
      `SELECT credential_hash FROM hubs WHERE id = $1`,
      [srandakan.hubId],
    );
    expect(rows).toEqual([{ credential_hash: hashToken(srandakan.credential) }]);
    const self = await t.call('GET', '/api/hub/self', { token: srandakan.credential });
    expect(self.status).toBe(200);
    expect(await self.json()).toEqual({ hubId: srandakan.hubId, kecamatan: { code: '34.02.01', name: 'Srandakan' } });
  });

  it('a hub is issued only by an admin and only for a known kecamatan', async () => {
    const operator = await learnerWithToken(t.store, 'op-hubs', 'operator');
    const byOperator = await t.call('POST', '/api/hubs', {
      token: operator.token,
      json: { kecamatanCode: '34.02.01', name: 'X' },
    });
    expect(byOperator.status).toBe(403);
    const desa = await t.call('POST', '/api/hubs', {
      token: admin.token,
      json: { kecamatanCode: '34.02.01.2001', name: 'X' },
    });
    expect([desa.status, await errorCode(desa)]).toEqual([400, 'invalid_request']);
    const unknown = await t.call('POST', '/api/hubs', {
      token: admin.token,
      json: { kecamatanCode: '99.99.99', name: 'X' },
    });
    expect([unknown.status, await errorCode(unknown)]).toEqual([404, 'unknown_region']);
  });

  it('a learner token, an unknown credential and a revoked hub are refused with their own codes', async () => {
    const siti = await learnerWithToken(t.store, 'siti-not-a-hub');
    const asLearner = await t.call('GET', '/api/hub/self', { token: siti.token });
    expect([asLearner.status, await errorCode(asLearner)]).toEqual([401, 'hub_credential_invalid']);
    const none = await t.call('GET', '/api/hub/self');
    expect([none.status, await errorCode(none)]).toEqual([401, 'unauthenticated']);
    const doomed = await issue('34.02.01', 'Laptop yang dicuri');
    const revoke = await t.call('POST', `/api/hubs/${doomed.hubId}/revoke`, { token: admin.token });
    expect(revoke.status).toBe(200);
    const after = await t.call('GET', '/api/hub/self', { token: doomed.credential });
    expect([after.status, await errorCode(after)]).toEqual([401, 'hub_revoked']);
    const unknownHub = await t.call('POST', `/api/hubs/00000000-0000-4000-8000-000000000000/revoke`, {
      token: admin.token,
    });
    expect([unknownHub.status, await errorCode(unknownHub)]).toEqual([404, 'unknown_hub']);
  });

  it('a hub forwards a phone’s signed bundle: stored with per-item results and the hub recorded as carrier', async () => {
    const siti = await keyedLearner('siti-via-hub');
    const items = someWork(siti.id);
    const [result] = await forwardOk(srandakan.credential, [await signedBundle(siti.key, siti, items)]);
    expect(result).toMatchObject({ index: 0, bundle: 'stored' });
    expect(result!.items.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    const carried = await t.store.query<{ carried_by_hub: string }>(
      `SELECT carried_by_hub::text FROM sync_items WHERE id = ANY($1::uuid[])`,
      [idsOf(items)],
    );
    expect(carried.rows.map((r) => r.carried_by_hub)).toEqual(Array(4).fill(srandakan.hubId));
    const graded = await t.store.query<{ score: number }>(`SELECT score::float8 AS score FROM attempts WHERE id = $1`, [
      items[2]!.id,
    ]);
    expect(graded.rows).toEqual([{ score: 100 }]);
  });

  it('a forwarded bundle carrying packed items (held by a hub from before hubs refused them) is stored as its items plain; a packing no encoder makes refuses that bundle alone', async () => {
    const siti = await keyedLearner('siti-hub-packed');
    const items = someWork(siti.id);
    const bad = await signedBundle(siti.key, siti, someWork(siti.id), true);
    const badText = bad.text.replace('"packed":[', '"packed":[7,');
    const [packed, refused] = await forwardOk(srandakan.credential, [
      await signedBundle(siti.key, siti, items, true),
      { text: badText, signature: await signBundleText(badText, siti.key.pair.privateKey) },
    ]);
    expect(packed!.items.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    expect(refused).toMatchObject({ bundle: 'refused', code: 'malformed_bundle' });
    const [plain] = await forwardOk(srandakan.credential, [await signedBundle(siti.key, siti, items)]);
    expect(plain!.items.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
  });

  it('the same bundle forwarded again (a lost answer) is all duplicate and stored once', async () => {
    const siti = await keyedLearner('siti-hub-replay');
    const items = someWork(siti.id);
    const bundle = await signedBundle(siti.key, siti, items);
    await forwardOk(srandakan.credential, [bundle]);
    const [again] = await forwardOk(srandakan.credential, [bundle]);
    expect(again!.items.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect([...(await countStored(t.store, idsOf(items))).values()]).toEqual([1, 1, 1, 1]);
  });

  it('items pushed directly by the phone and then forwarded by the hub are stored once, not marked as carried', async () => {
    const siti = await keyedLearner('siti-direct-then-hub');
    const items = someWork(siti.id);
    const direct = await t.app.request(
      '/api/sync/push',
      signedPushInit(siti.token, await signedBundle(siti.key, siti, items)),
    );
    expect(((await direct.json()) as PushResponse).results.every((r) => r.status === 'accepted')).toBe(true);
    const [viaHub] = await forwardOk(srandakan.credential, [await signedBundle(siti.key, siti, items)]);
    expect(viaHub!.items.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect([...(await countStored(t.store, idsOf(items))).values()]).toEqual([1, 1, 1, 1]);
    const carried = await t.store.query(
      `SELECT 1 FROM sync_items WHERE id = ANY($1::uuid[]) AND carried_by_hub IS NOT NULL`,
      [idsOf(items)],
    );
    expect(carried.rows).toEqual([]);
  });

  it('a tampered bundle, a revoked device’s bundle and a learner outside the hub’s kecamatan are refused; the good bundle beside them is stored', async () => {
    const siti = await keyedLearner('siti-hub-mixed');
    const good = someWork(siti.id);
    const tamperedItems = someWork(siti.id);
    const signed = await signedBundle(siti.key, siti, tamperedItems);
    const tampered = { ...signed, text: signed.text.replace('"completed":true', '"completed":false') };
    const budi = await keyedLearner('budi-hub-revoked');
    const revokedItems = someWork(budi.id);
    const revokedBundle = await signedBundle(budi.key, budi, revokedItems);
    await t.store.query(`UPDATE device_keys SET revoked_at = now() WHERE device_id = $1`, [budi.deviceId]);
    const ani = await keyedLearner('ani-gamping', '34.04.01.2001');
    const outsideItems = someWork(ani.id);
    const outside = await signedBundle(ani.key, ani, outsideItems);
    const results = await forwardOk(srandakan.credential, [
      tampered,
      revokedBundle,
      outside,
      { text: '{"format":"lentera-bundle/1"', signature: signed.signature },
      await signedBundle(siti.key, siti, good),
    ]);
    expect(results.map((r) => [r.index, r.bundle, r.code])).toEqual([
      [0, 'refused', 'bad_bundle_signature'],
      [1, 'refused', 'device_revoked'],
      [2, 'refused', 'outside_hub_kecamatan'],
      [3, 'refused', 'malformed_bundle'],
      [4, 'stored', undefined],
    ]);
    expect((await countStored(t.store, idsOf([...tamperedItems, ...revokedItems, ...outsideItems]))).size).toBe(0);
    expect((await countStored(t.store, idsOf(good))).size).toBe(4);
    // Ani's own kecamatan's hub may carry her bundle.
    const [atHome] = await forwardOk(sleman.credential, [outside]);
    expect(atHome!.bundle).toBe('stored');
  });

  it('more bundles than a batch holds is 413 too_many_items and stores nothing; a body that is not a batch is 400', async () => {
    const siti = await keyedLearner('siti-hub-too-many');
    const items = someWork(siti.id);
    const bundle = await signedBundle(siti.key, siti, items);
    const res = await forward(srandakan.credential, Array(MAX_HUB_BUNDLES + 1).fill(bundle));
    expect([res.status, await errorCode(res)]).toEqual([413, 'too_many_items']);
    expect((await countStored(t.store, idsOf(items))).size).toBe(0);
    const bad = await t.call('POST', '/api/hub/bundles', { token: srandakan.credential, json: { bundles: 'x' } });
    expect([bad.status, await errorCode(bad)]).toEqual([400, 'invalid_request']);
  });

  it('the admin list shows hubs with last contact and bundles forwarded; a hub never heard from is silent; monitors see their region only', async () => {
    const quiet = await issue('34.02.01', 'Hub yang belum pernah menyala');
    const res = await t.call('GET', '/api/hubs', { token: admin.token });
    expect(res.status).toBe(200);
    const { hubs } = (await res.json()) as ListHubsResponse;
    const byId = new Map(hubs.map((h) => [h.hubId, h]));
    expect(byId.get(quiet.hubId)).toMatchObject({ silent: true, lastSeenAt: null, bundlesForwarded: 0 });
    expect(byId.get(srandakan.hubId)!.silent).toBe(false);
    expect(byId.get(srandakan.hubId)!.bundlesForwarded).toBeGreaterThanOrEqual(4);
    expect(hubs[0]!.silent).toBe(true);
    const monitor = await learnerWithToken(t.store, 'monitor-bantul-hubs', 'admin');
    await t.store.query(`UPDATE users SET role = 'monitor', region_code = '34.02' WHERE id = $1`, [monitor.id]);
    const scoped = (await (await t.call('GET', '/api/hubs', { token: monitor.token })).json()) as ListHubsResponse;
    expect(scoped.hubs.map((h) => h.kecamatanCode).every((c) => c.startsWith('34.02.'))).toBe(true);
    expect(scoped.hubs.some((h) => h.hubId === sleman.hubId)).toBe(false);
  });
});
