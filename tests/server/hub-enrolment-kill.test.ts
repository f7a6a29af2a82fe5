import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../src/server/config';
import { createApp } from '../../src/server/create-app';
import { issueEnrolmentCode } from '../../src/server/auth/enrolment-codes';
import { hashToken } from '../../src/server/auth/token';
import { ensureUser } from '../../src/server/auth/users';
import type { LoginResponse } from '../../src/shared/auth-protocol';
import { normalizeEnrolmentCode } from '../../src/shared/enrolment-protocol';
import { serveTestApp } from './harness/serve-test-app';
import { startTestHub, until } from './harness/test-hub';
import { learnerWithToken } from './sync-fixtures';
import { testStoreKinds } from './test-stores';

// The hub as a child process (a real SIGKILL needs one), the national server in this process on
// PGlite (both stores for the national side: `hub-enrolment.test.ts`). 30–60 s on this shared
// machine: starting the hub process twice is nearly all of it.

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const me = (url: string, token: string) =>
  fetch(`${url}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } });

describe('enrolment at a hub that is killed before it could forward', { timeout: 240_000 }, () => {
  it('the code redeemed with the uplink down survives a SIGKILL of the hub; uplink back, the same token works on the national server', async () => {
    const { store, drop } = await testStoreKinds()[0]!.open();
    const served = await serveTestApp(createApp(store, testConfig()));
    let uplinkDown = false;
    let hub: Awaited<ReturnType<typeof startTestHub>> | undefined;
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
      // The hub mirrors the code at its start, then the uplink goes.
      hub = await startTestHub({
        nationalUrl: served.url,
        adminToken: admin.token,
        uplinkFault: () => (uplinkDown ? { kind: 'status', status: 503, code: 'internal_error' } : { kind: 'pass' }),
      });
      uplinkDown = true;
      const enrolled = await post(`${hub.server.url}/api/auth/enrol`, { code, deviceId: randomUUID() });
      expect(enrolled.status).toBe(200);
      const session = (await enrolled.json()) as LoginResponse;
      // Killed right after answering: the redemption was committed before the phone heard its token.
      await hub.killAndRestart();
      expect((await me(hub.server.url, session.token)).status).toBe(200);
      expect((await post(`${hub.server.url}/api/auth/enrol`, { code })).status).toBe(409);
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
      expect(used.rows).toEqual([{ used: true, hub: hub.hubId }]);
      expect((await me(hub.server.url, session.token)).status).toBe(200);
    } finally {
      await hub?.stop();
      await served.close();
      await drop();
    }
  });
});
