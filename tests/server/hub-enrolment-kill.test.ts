import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../src/server/config';
import { createApp } from '../../src/server/create-app';
import { issueEnrolmentCode } from '../../src/server/auth/enrolment-codes';
import { hashToken } from '../../src/server/auth/token';
import { ensureUser } from '../../src/server/auth/users';
import type { LoginResponse } from '../../src/shared/auth-protocol';
import { normalizeEnrolmentCode } from '../../src/shared/enrolment-protocol';
import type { CreateHubResponse, HubStatus } from '../../src/server/hub/hub-protocol';
import { startServer, type ServerHandle } from '../e2e/harness/start-server';
import { startFaultProxy } from './harness/fault-proxy';
import { serveTestApp } from './harness/serve-test-app';
import { learnerWithToken } from './sync-fixtures';
import { testStoreKinds } from './test-stores';

// The hub as a child process (a real SIGKILL needs one), the national server in this process on
// PGlite (both stores for the national side: `hub-enrolment.test.ts`). 60–100 s on this shared
// machine: starting the hub process twice is nearly all of it.

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
/** Polls `check` until true, or throws naming `what`. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const me = (url: string, token: string) =>
  fetch(`${url}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } });

describe('enrolment at a hub that is killed before it could forward', { timeout: 240_000 }, () => {
  it('the code redeemed with the uplink down survives a SIGKILL of the hub; uplink back, the same token works on the national server', async () => {
    const { store, drop } = await testStoreKinds()[0]!.open();
    const served = await serveTestApp(createApp(store, testConfig()));
    let uplinkDown = false;
    const proxy = await startFaultProxy(served.url, () =>
      uplinkDown ? { kind: 'status', status: 503, code: 'internal_error' } : { kind: 'pass' },
    );
    let hub: ServerHandle | undefined;
    try {
      await store.query(
        `INSERT INTO regions (code, parent_code, level, name) VALUES ('34.02.01', '34.02', 3, 'Srandakan')`,
      );
      const admin = await learnerWithToken(store, 'admin-kill', 'admin');
      const { id } = await ensureUser(store, {
        username: 'wulan-at-office',
        name: 'Wulan',
        role: 'learner',
        desaCode: '34.02.01.2001',
      });
      const { code } = await issueEnrolmentCode(store, id, admin.id);
      const issued = (await (
        await fetch(`${served.url}/api/hubs`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${admin.token}` },
          body: JSON.stringify({ kecamatanCode: '34.02.01', name: 'Kantor Kecamatan Srandakan' }),
        })
      ).json()) as CreateHubResponse;
      // The hub mirrors the code at its start (it names itself once mirrored), then the uplink goes.
      hub = await startServer({
        env: {
          LENTERA_HUB_UPSTREAM: proxy.url,
          LENTERA_HUB_CREDENTIAL: issued.credential,
          // A hub tries its uplink again at most 2 s after a failure (5 minutes in production): the test
          // brings the uplink back and must not wait out a random backoff of up to 5 minutes.
          LENTERA_HUB_MAX_BACKOFF_MS: '2000',
        },
      });
      const named = async () =>
        ((await (await fetch(`${hub!.url}/api/hub/status`)).json()) as HubStatus).hubId === issued.hubId;
      await until('the hub to mirror its learners', named, 120_000);
      uplinkDown = true;
      const enrolled = await post(`${hub.url}/api/auth/enrol`, { code, deviceId: randomUUID() });
      expect(enrolled.status).toBe(200);
      const session = (await enrolled.json()) as LoginResponse;
      // Killed right after answering: the redemption was committed before the phone heard its token.
      await hub.kill();
      await hub.restart();
      expect((await me(hub.url, session.token)).status).toBe(200);
      expect((await post(`${hub.url}/api/auth/enrol`, { code })).status).toBe(409);
      expect((await me(served.url, session.token)).status).toBe(401);

      uplinkDown = false;
      await until(
        'the national server to take the hub’s token',
        async () => (await me(served.url, session.token)).ok,
        60_000,
      );
      // Exactly once upstream: one session, the code used by this hub.
      const sessions = await store.query(`SELECT token_hash FROM sessions WHERE user_id = $1`, [id]);
      expect(sessions.rows).toEqual([{ token_hash: hashToken(session.token) }]);
      const used = await store.query(
        `SELECT used_at IS NOT NULL AS used, redeemed_by_hub::text AS hub FROM enrolment_codes WHERE code_hash = $1`,
        [hashToken(normalizeEnrolmentCode(code))],
      );
      expect(used.rows).toEqual([{ used: true, hub: issued.hubId }]);
      expect((await me(hub.url, session.token)).status).toBe(200);
    } finally {
      await hub?.stop();
      await proxy.close();
      await served.close();
      await drop();
    }
  });
});
