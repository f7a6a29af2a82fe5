import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testConfig } from '../../src/server/config';
import { createApp } from '../../src/server/create-app';
import { issueEnrolmentCode } from '../../src/server/auth/enrolment-codes';
import { hashToken } from '../../src/server/auth/token';
import { ensureUser } from '../../src/server/auth/users';
import { applyHubMirror } from '../../src/server/hub/apply-hub-mirror';
import { forwardHubEnrolments } from '../../src/server/hub/forward-enrolments';
import { hubCodeHash } from '../../src/server/hub/hub-code-hash';
import type { CreateHubResponse, HubEnrolmentsResponse } from '../../src/server/hub/hub-protocol';
import { fetchHubMirror, type UpstreamClient } from '../../src/server/hub/upstream-client';
import type { Store } from '../../src/server/store/store';
import type { LoginResponse } from '../../src/shared/auth-protocol';
import { normalizeEnrolmentCode } from '../../src/shared/enrolment-protocol';
import { testUplink, type TestUplink } from './harness/hub-uplink';
import { learnerWithToken } from './sync-fixtures';
import { useTestApp } from './test-app';
import { describeEachStore, testStoreKinds } from './test-stores';

const NATIONAL = 'http://lentera.test';

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

// Enrolment at the office with the uplink down (docs/hub.md): the national server on each store,
// the hub on PGlite in the same process, its uplink `testUplink`.
describeEachStore('enrolment at a kecamatan hub', (kind) => {
  const national = useTestApp(kind);
  let hubStore: Store;
  let dropHub = async () => {};
  let hubApp: ReturnType<typeof createApp>;
  let uplink: TestUplink;
  let client: UpstreamClient;
  let issued: CreateHubResponse;
  let adminId: string;

  beforeAll(async () => {
    await national.store.query(
      `INSERT INTO regions (code, parent_code, level, name) VALUES ('34.02.01', '34.02', 3, 'Srandakan')
       ON CONFLICT DO NOTHING`,
    );
    const admin = await learnerWithToken(national.store, 'admin-hub-enrol', 'admin');
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
    // What the hub's first step writes after `GET /api/hub/self`: its code lookups are salted with it.
    await hubStore.query(`INSERT INTO meta (key, value) VALUES ('hub_id', $1)`, [issued.hubId]);
  });
  afterAll(() => dropHub());

  /** A learner of `desa` with a fresh enrolment code, as an operator's sheet gives it. */
  const newLearnerWithCode = async (username: string, desa = '34.02.01.2001') => {
    const { id } = await ensureUser(national.store, { username, name: username, role: 'learner', desaCode: desa });
    const { code } = await issueEnrolmentCode(national.store, id, adminId);
    return { id, code };
  };
  const mirror = async () => applyHubMirror(hubStore, await fetchHubMirror(client));
  const enrolAt = (app: Pick<typeof hubApp, 'request'>, code: string, deviceId = randomUUID()) =>
    app.request('/api/auth/enrol', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, deviceId }),
    });
  const me = (app: Pick<typeof hubApp, 'request'>, token: string) =>
    app.request('/api/auth/me', { headers: { Authorization: `Bearer ${token}` } });
  const nationalCode = async (code: string) =>
    (
      await national.store.query<{ used: boolean; hub: string | null }>(
        `SELECT used_at IS NOT NULL AS used, redeemed_by_hub::text AS hub FROM enrolment_codes WHERE code_hash = $1`,
        [hashToken(normalizeEnrolmentCode(code))],
      )
    ).rows[0];
  const sessionsOn = async (store: Store, userId: string) =>
    (await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions WHERE user_id = $1`, [userId])).rows[0]!
      .n;
  const queued = async () =>
    (await hubStore.query<{ n: number }>(`SELECT count(*)::int AS n FROM hub_enrolments WHERE forwarded_at IS NULL`))
      .rows[0]!.n;

  it('uplink down: a mirrored code enrols at the hub, the token works there; uplink up: forwarded, the same token works on the national server', async () => {
    const ani = await newLearnerWithCode('ani-enrols-at-office');
    await mirror();
    // The hub holds the code's slow per-hub hash, not the national plain SHA-256.
    const plain = hashToken(normalizeEnrolmentCode(ani.code));
    const held = await hubStore.query<{ code_hash: string }>(
      `SELECT code_hash FROM enrolment_codes WHERE user_id = $1`,
      [ani.id],
    );
    expect(held.rows).toEqual([{ code_hash: await hubCodeHash(plain, issued.hubId) }]);
    expect(held.rows[0]!.code_hash).not.toBe(plain);
    uplink.mode = 'down';
    const deviceId = randomUUID();
    const res = await enrolAt(hubApp, ani.code, deviceId);
    expect(res.status).toBe(200);
    const session = (await res.json()) as LoginResponse;
    expect(session.account).toMatchObject({ id: ani.id, username: 'ani-enrols-at-office' });
    expect((await me(hubApp, session.token)).status).toBe(200);
    // Only the token's hash on the hub; the code is used there at once.
    const stored = await hubStore.query<{ token_hash: string }>(`SELECT token_hash FROM sessions WHERE user_id = $1`, [
      ani.id,
    ]);
    expect(stored.rows).toEqual([{ token_hash: hashToken(session.token) }]);
    expect(await errorCode(await enrolAt(hubApp, ani.code))).toBe('code_used');
    // The national server knows nothing yet, and the forwarder cannot reach it.
    expect((await me(national.app, session.token)).status).toBe(401);
    expect(await nationalCode(ani.code)).toMatchObject({ used: false });
    await expect(forwardHubEnrolments(hubStore, client)).rejects.toThrow(/uplink down/);
    expect(await queued()).toBe(1);
    // A mirror in between (the snapshot cannot know the session yet) keeps it and the used code.
    uplink.mode = 'up';
    await mirror();
    expect((await me(hubApp, session.token)).status).toBe(200);
    expect(await errorCode(await enrolAt(hubApp, ani.code))).toBe('code_used');

    expect(await forwardHubEnrolments(hubStore, client)).toEqual({ sent: 1 });
    expect(await queued()).toBe(0);
    expect((await me(national.app, session.token)).status).toBe(200);
    expect(await nationalCode(ani.code)).toEqual({ used: true, hub: issued.hubId });
    const device = await national.store.query<{ device_id: string }>(
      `SELECT device_id::text AS device_id FROM sessions WHERE token_hash = $1`,
      [hashToken(session.token)],
    );
    expect(device.rows).toEqual([{ device_id: deviceId }]);
    // The code itself leaves the hub once forwarded; the session stays, and the next mirror has it.
    const row = await hubStore.query(`SELECT code, upstream_status FROM hub_enrolments WHERE user_id = $1`, [ani.id]);
    expect(row.rows).toEqual([{ code: null, upstream_status: 'enrolled' }]);
    await mirror();
    expect((await me(hubApp, session.token)).status).toBe(200);
    expect(await errorCode(await enrolAt(national.app, ani.code))).toBe('code_used');
  });

  it('the forwarded redemption replayed (a lost answer, or a resend after a kill) is enrolled again and changes nothing', async () => {
    const budi = await newLearnerWithCode('budi-lost-answer');
    await mirror();
    uplink.mode = 'down';
    const deviceId = randomUUID();
    const session = (await (await enrolAt(hubApp, budi.code, deviceId)).json()) as LoginResponse;
    // The national server handles the batch, the answer is lost: the hub sends it again.
    uplink.mode = 'lose-answer';
    await expect(forwardHubEnrolments(hubStore, client)).rejects.toThrow(/answer lost/);
    expect(await queued()).toBe(1);
    expect(await forwardHubEnrolments(hubStore, client)).toEqual({ sent: 1 });
    expect(await sessionsOn(national.store, budi.id)).toBe(1);
    expect((await me(national.app, session.token)).status).toBe(200);
    // And the very same body once more, straight to the route.
    const body = {
      enrolments: [
        {
          code: normalizeEnrolmentCode(budi.code),
          tokenHash: hashToken(session.token),
          deviceId,
          redeemedAt: new Date().toISOString(),
          sessionExpiresAt: session.expiresAt,
        },
      ],
    };
    const again = await national.call('POST', '/api/hub/enrolments', { token: issued.credential, json: body });
    expect(((await again.json()) as HubEnrolmentsResponse).results).toEqual([{ index: 0, status: 'enrolled' }]);
    expect(await sessionsOn(national.store, budi.id)).toBe(1);
  });

  it('the same code used on the national server meanwhile: the first redemption upstream wins, the hub closes its session', async () => {
    const citra = await newLearnerWithCode('citra-two-phones');
    await mirror();
    uplink.mode = 'down';
    const atHub = (await (await enrolAt(hubApp, citra.code)).json()) as LoginResponse;
    // The learner's other phone, at home, redeems the same code on the national server first.
    const atHome = (await (await enrolAt(national.app, citra.code)).json()) as LoginResponse;
    uplink.mode = 'up';
    await forwardHubEnrolments(hubStore, client);
    const row = await hubStore.query(
      `SELECT code, upstream_status, upstream_code FROM hub_enrolments WHERE user_id = $1`,
      [citra.id],
    );
    expect(row.rows).toEqual([{ code: null, upstream_status: 'refused', upstream_code: 'code_used' }]);
    expect((await me(hubApp, atHub.token)).status).toBe(401);
    expect((await me(national.app, atHub.token)).status).toBe(401);
    expect((await me(national.app, atHome.token)).status).toBe(200);
    expect(await sessionsOn(national.store, citra.id)).toBe(1);
    expect(await nationalCode(citra.code)).toEqual({ used: true, hub: null });
  });

  it('a code reissued upstream before the hub mirrored it enrols at the hub, then is refused code_expired and kept nowhere', async () => {
    const dewi = await newLearnerWithCode('dewi-reissued');
    await mirror();
    // The operator reissues on the national server; the hub has not mirrored since.
    const { code: fresh } = await issueEnrolmentCode(national.store, dewi.id, adminId);
    await new Promise((r) => setTimeout(r, 5));
    uplink.mode = 'down';
    const atHub = (await (await enrolAt(hubApp, dewi.code)).json()) as LoginResponse;
    uplink.mode = 'up';
    await forwardHubEnrolments(hubStore, client);
    const row = await hubStore.query(`SELECT upstream_code FROM hub_enrolments WHERE user_id = $1`, [dewi.id]);
    expect(row.rows).toEqual([{ upstream_code: 'code_expired' }]);
    expect((await me(hubApp, atHub.token)).status).toBe(401);
    expect(await sessionsOn(national.store, dewi.id)).toBe(0);
    expect(await nationalCode(dewi.code)).toMatchObject({ used: false });
    // The new code still works, at the hub once mirrored.
    await mirror();
    expect((await enrolAt(hubApp, fresh)).status).toBe(200);
  });

  it('an expired code, a code of another kecamatan and an unknown code are refused at the hub, and nothing of them is kept', async () => {
    const eko = await newLearnerWithCode('eko-expired');
    await national.store.query(`UPDATE enrolment_codes SET expires_at = now() - interval '1 hour' WHERE user_id = $1`, [
      eko.id,
    ]);
    const fajar = await newLearnerWithCode('fajar-elsewhere', '34.02.02.2001');
    await mirror();
    uplink.mode = 'down';
    const before = await hubStore.query<{ n: number }>(`SELECT count(*)::int AS n FROM hub_enrolments`);
    const expired = await enrolAt(hubApp, eko.code);
    expect([expired.status, await errorCode(expired)]).toEqual([410, 'code_expired']);
    const elsewhere = await enrolAt(hubApp, fajar.code);
    expect([elsewhere.status, await errorCode(elsewhere)]).toEqual([401, 'invalid_code']);
    expect(await errorCode(await enrolAt(hubApp, 'ZZZZZ-ZZZZZ'))).toBe('invalid_code');
    const after = await hubStore.query<{ n: number }>(`SELECT count(*)::int AS n FROM hub_enrolments`);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    expect(await sessionsOn(hubStore, eko.id)).toBe(0);
    // The other kecamatan's learner is not even on the hub.
    const onHub = await hubStore.query(`SELECT 1 FROM users WHERE id = $1`, [fajar.id]);
    expect(onHub.rows).toEqual([]);
    uplink.mode = 'up';
  });

  it('the national route refuses a redemption outside the hub’s kecamatan, a wrong code and a mere hash, storing nothing', async () => {
    const gita = await newLearnerWithCode('gita-other-kecamatan', '34.02.02.2001');
    const hani = await newLearnerWithCode('hani-hash-only');
    const forward = (code: string) =>
      national.call('POST', '/api/hub/enrolments', {
        token: issued.credential,
        json: {
          enrolments: [
            {
              code,
              tokenHash: hashToken(randomUUID()),
              deviceId: null,
              redeemedAt: new Date().toISOString(),
              sessionExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
            },
          ],
        },
      });
    const results = async (res: Response) => ((await res.json()) as HubEnrolmentsResponse).results;
    expect(await results(await forward(normalizeEnrolmentCode(gita.code)))).toMatchObject([
      { status: 'refused', code: 'outside_hub_kecamatan' },
    ]);
    expect(await results(await forward('ZZZZZZZZZZ'))).toMatchObject([{ status: 'refused', code: 'invalid_code' }]);
    // Whoever holds only the mirrored hash (a stolen disk) cannot present it as the code.
    const hash = hashToken(normalizeEnrolmentCode(hani.code));
    expect((await forward(hash)).status).toBe(400);
    expect(await sessionsOn(national.store, gita.id)).toBe(0);
    expect(await sessionsOn(national.store, hani.id)).toBe(0);
    expect(await nationalCode(gita.code)).toMatchObject({ used: false });
    // A learner's token is no hub credential.
    const learner = await learnerWithToken(national.store, 'ika-not-a-hub');
    const asLearner = await national.call('POST', '/api/hub/enrolments', { token: learner.token, json: {} });
    expect(asLearner.status).toBe(401);
  });

  it('the new route describes itself in the OpenAPI document', async () => {
    const doc = (await (await national.call('GET', '/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    expect(doc.paths['/api/hub/enrolments']?.post?.operationId).toBe('forwardHubEnrolments');
  });

  it('a password sign-in at the hub is refused hub_no_password_signin (it holds no password hashes)', async () => {
    const res = await hubApp.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'ani-enrols-at-office', password: 'whatever-it-is' }),
    });
    expect([res.status, await errorCode(res)]).toEqual([421, 'hub_no_password_signin']);
    const hashes = await hubStore.query(`SELECT 1 FROM users WHERE password_hash IS NOT NULL AND role = 'learner'`);
    expect(hashes.rows).toEqual([]);
  });
});
