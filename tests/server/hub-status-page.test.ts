import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { issueEnrolmentCode } from '../../src/server/auth/enrolment-codes';
import { ensureUser } from '../../src/server/auth/users';
import { testConfig } from '../../src/server/config';
import { createApp } from '../../src/server/create-app';
import { applyHubMirror } from '../../src/server/hub/apply-hub-mirror';
import { forwardHubEnrolments } from '../../src/server/hub/forward-enrolments';
import type { CreateHubResponse, HubStatus } from '../../src/server/hub/hub-protocol';
import { registerIdentityUpstream } from '../../src/server/hub/register-identity-upstream';
import { ageText } from '../../src/server/hub/render-hub-page';
import { fetchHubMirror, fetchHubSelf, type UpstreamClient } from '../../src/server/hub/upstream-client';
import type { Store } from '../../src/server/store/store';
import { toBase64 } from '../../src/shared/course/bytes';
import { hubKeyFingerprint } from '../../src/shared/hub/hub-identity-proof';
import { testUplink } from './harness/hub-uplink';
import { learnerWithToken } from './sync-fixtures';
import { useTestApp } from './test-app';
import { describeEachStore, testStoreKinds } from './test-stores';

// What the operator's page and `GET /api/hub/status` say needs a person (docs/hub.md, "Status"):
// the national server refusing the hub's identity key, and office enrolments still waiting to be
// forwarded. The national server on each store, the hub on PGlite in the same process.

const NATIONAL = 'http://lentera.test';
const REFUSED = 'Kunci hub ini ditolak server nasional.';
const WHAT_TO_DO = 'Minta admin mencabut hub ini dan menerbitkan kredensial baru.';

async function otherKey(): Promise<string> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  return toBase64(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)));
}

describeEachStore('what the hub status page says needs a person', (kind) => {
  const national = useTestApp(kind);
  let hubStore: Store;
  let dropHub = async () => {};
  let hubApp: ReturnType<typeof createApp>;
  let adminToken: string;
  let adminId: string;

  const issueHub = async (name: string) => {
    const res = await national.call('POST', '/api/hubs', {
      token: adminToken,
      json: { kecamatanCode: '34.02.01', name },
    });
    expect(res.status).toBe(201);
    return (await res.json()) as CreateHubResponse;
  };
  const clientFor = (issued: CreateHubResponse): UpstreamClient => ({
    baseUrl: NATIONAL,
    credential: issued.credential,
    fetch: testUplink(national.app, NATIONAL).fetch,
  });
  const status = async () => (await (await hubApp.request('/api/hub/status')).json()) as HubStatus;
  const page = async () => (await hubApp.request('/hub')).text();
  const testId = (html: string, id: string) =>
    new RegExp(`data-testid="${id}"[^>]*>([\\s\\S]*?)</(?:dd|p)>`).exec(html)?.[1]?.replace(/\s+/g, ' ').trim();

  beforeAll(async () => {
    await national.store.query(
      `INSERT INTO regions (code, parent_code, level, name) VALUES ('34.02.01', '34.02', 3, 'Srandakan')
       ON CONFLICT DO NOTHING`,
    );
    const admin = await learnerWithToken(national.store, 'admin-hub-status-page', 'admin');
    adminToken = admin.token;
    adminId = admin.id;
    const opened = await testStoreKinds()[0]!.open();
    hubStore = opened.store;
    dropHub = opened.drop;
  });
  afterAll(() => dropHub());

  it('a key refused upstream (hub_identity_conflict) is shown with what to do, and cleared once a new credential registers it', async () => {
    const issued = await issueHub('Kantor Kecamatan Srandakan');
    hubApp = createApp(hubStore, testConfig({ hubUpstream: NATIONAL, hubCredential: issued.credential }));
    const client = clientFor(issued);
    const self = await fetchHubSelf(client);
    await hubStore.query(`INSERT INTO meta (key, value) VALUES ('hub_id', $1), ('hub_kecamatan', $2)`, [
      self.hubId,
      JSON.stringify(self.kecamatan),
    ]);
    // Nothing wrong yet: the field is there, and null.
    expect((await status()).identityRefused).toBeNull();
    expect(await page()).not.toContain(REFUSED);

    // Someone with a copy of the credential registered another key first.
    const first = await national.call('POST', '/api/hub/identity', {
      token: issued.credential,
      json: { publicKey: await otherKey() },
    });
    expect(first.status).toBe(200);
    await registerIdentityUpstream(hubStore, client);
    const refused = await status();
    expect(refused.identityRefused).toMatchObject({
      code: 'hub_identity_conflict',
      fingerprint: await hubKeyFingerprint(refused.identityKey!),
    });
    expect(Number.isNaN(Date.parse(refused.identityRefused!.at))).toBe(false);
    const shown = testId(await page(), 'identity-refused');
    expect(shown).toContain(REFUSED);
    expect(shown).toContain(WHAT_TO_DO);
    // Asked again at the next mirror, still refused: the first refusal's time stays.
    await registerIdentityUpstream(hubStore, client);
    expect((await status()).identityRefused).toEqual(refused.identityRefused);

    // The admin revokes it and issues a new credential; the same store registers its key for the new hub.
    expect((await national.call('POST', `/api/hubs/${issued.hubId}/revoke`, { token: adminToken })).status).toBe(200);
    const reissued = await issueHub('Kantor Kecamatan Srandakan (baru)');
    await registerIdentityUpstream(hubStore, clientFor(reissued));
    const cleared = await status();
    expect(cleared.identityRefused).toBeNull();
    expect(await page()).not.toContain(REFUSED);
    const stored = await national.store.query<{ key: string }>(`SELECT identity_key AS key FROM hubs WHERE id = $1`, [
      reissued.hubId,
    ]);
    expect(stored.rows[0]!.key).toBe(cleared.identityKey);
  });

  it('enrolments redeemed at the office and not yet forwarded are counted with the oldest’s age, and gone after a forward', async () => {
    const issued = await issueHub('Kantor Kecamatan Srandakan (pendaftaran)');
    const opened = await testStoreKinds()[0]!.open();
    try {
      const store = opened.store;
      hubApp = createApp(store, testConfig({ hubUpstream: NATIONAL, hubCredential: issued.credential }));
      const client = clientFor(issued);
      await store.query(`INSERT INTO meta (key, value) VALUES ('hub_id', $1)`, [issued.hubId]);
      const codes: string[] = [];
      for (const username of ['ani-status-page', 'budi-status-page']) {
        const { id } = await ensureUser(national.store, {
          username,
          name: username,
          role: 'learner',
          desaCode: '34.02.01.2001',
        });
        codes.push((await issueEnrolmentCode(national.store, id, adminId)).code);
      }
      await applyHubMirror(store, await fetchHubMirror(client));
      expect(await status()).toMatchObject({ waitingEnrolments: 0, oldestWaitingEnrolmentAt: null });
      expect(testId(await page(), 'waiting-enrolments')).toBe('0');

      for (const code of codes) {
        const res = await hubApp.request('/api/auth/enrol', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ code, deviceId: randomUUID() }),
        });
        expect(res.status).toBe(200);
      }
      // The first was redeemed three hours ago (the uplink was down all morning).
      await store.query(
        `UPDATE hub_enrolments SET redeemed_at = now() - interval '3 hours'
          WHERE id = (SELECT min(id) FROM hub_enrolments)`,
      );
      const waiting = await status();
      expect(waiting.waitingEnrolments).toBe(2);
      const age = Date.now() - Date.parse(waiting.oldestWaitingEnrolmentAt!);
      expect(age).toBeGreaterThanOrEqual(3 * 3_600_000 - 60_000);
      expect(age).toBeLessThan(4 * 3_600_000);
      expect(testId(await page(), 'waiting-enrolments')).toBe('2 (terlama 3 jam)');

      expect(await forwardHubEnrolments(store, client)).toEqual({ sent: 2 });
      expect(await status()).toMatchObject({ waitingEnrolments: 0, oldestWaitingEnrolmentAt: null });
      expect(testId(await page(), 'waiting-enrolments')).toBe('0');
    } finally {
      await opened.drop();
    }
  });

  it('says an age in minutes, hours or days', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    const ago = (ms: number) => ageText(new Date(now - ms).toISOString(), now);
    expect(ago(-30_000)).toBe('0 menit');
    expect(ago(5 * 60_000)).toBe('5 menit');
    expect(ago(3 * 3_600_000)).toBe('3 jam');
    expect(ago(47 * 3_600_000)).toBe('47 jam');
    expect(ago(3 * 86_400_000)).toBe('3 hari');
  });
});
