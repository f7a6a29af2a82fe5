import { beforeAll, describe, expect, it } from 'vitest';
import { learnerWithToken } from '../../../tests/server/sync-fixtures';
import { useTestApp } from '../../../tests/server/test-app';
import { describeEachStore } from '../../../tests/server/test-stores';
import type { LoginResponse } from '../../shared/auth-protocol';
import type { EnrolmentCode } from '../../shared/enrolment-protocol';
import { loadRegions } from '../regions/load-regions';

describeEachStore('enrolment: createUser, createEnrolmentCode, enrolDevice', (kind) => {
  const t = useTestApp(kind);
  let operator: { id: string; token: string };
  beforeAll(async () => {
    await loadRegions(t.store, { under: '34.02' });
    operator = await learnerWithToken(t.store, 'op-srandakan', 'operator');
    await t.store.query(`UPDATE users SET region_code = '34.02.01' WHERE id = $1`, [operator.id]);
  });
  const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
  const createLearner = (username: string, desaCode = '34.02.01.2001', token = operator.token) =>
    t.call('POST', '/api/users', { token, json: { username, name: 'Sri Wahyuni', desaCode } });

  describe('createUser', () => {
    it('an operator creates a learner in a desa of their kecamatan', async () => {
      const res = await createLearner('Sri.Wahyuni');
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({
        account: { username: 'sri.wahyuni', role: 'learner', desaCode: '34.02.01.2001' },
      });
    });

    it('refuses a desa outside the operator’s region (403), an unknown desa (400) and a taken username (409)', async () => {
      const outside = await createLearner('luar', '34.02.02.2001');
      expect([outside.status, await errorCode(outside)]).toEqual([403, 'outside_region']);
      const unknown = await createLearner('fiktif', '34.02.01.2999');
      expect([unknown.status, await errorCode(unknown)]).toEqual([400, 'unknown_desa']);
      const taken = await createLearner('sri.wahyuni');
      expect([taken.status, await errorCode(taken)]).toEqual([409, 'username_taken']);
    });

    it('an operator may not create other roles; a learner may not create anyone', async () => {
      const res = await t.call('POST', '/api/users', {
        token: operator.token,
        json: { username: 'op2', name: 'Op', role: 'operator', regionCode: '34.02.01' },
      });
      expect([res.status, await errorCode(res)]).toEqual([403, 'forbidden']);
      const learner = await learnerWithToken(t.store, 'biasa');
      expect((await createLearner('x-by-learner', '34.02.01.2001', learner.token)).status).toBe(403);
    });

    it('refuses staff bound to a region that does not exist with 400 unknown_region', async () => {
      const admin = await learnerWithToken(t.store, 'admin-regions', 'admin');
      const staff = (username: string, role: string, regionCode: string) =>
        t.call('POST', '/api/users', { token: admin.token, json: { username, name: 'Staf', role, regionCode } });
      for (const [role, code] of [
        ['operator', '99.99'],
        ['monitor', '34.02.99'],
        ['operator', '34.02.01.2999'],
      ] as const) {
        const res = await staff(`staf-${role}-${code}`, role, code);
        expect([res.status, await errorCode(res)]).toEqual([400, 'unknown_region']);
      }
      const none = await t.store.query(`SELECT 1 FROM users WHERE username LIKE 'staf-%'`);
      expect(none.rows).toEqual([]);
      expect((await staff('staf-ok', 'operator', '34.02.01')).status).toBe(201);
      const stored = await t.store.query(`SELECT region_code FROM users WHERE username = 'staf-ok'`);
      expect(stored.rows).toEqual([{ region_code: '34.02.01' }]);
    });

    it('rejects unknown fields and a malformed desa code with invalid_request', async () => {
      const res = await t.call('POST', '/api/users', {
        token: operator.token,
        json: { username: 'ok-name', name: 'A', desaCode: '3402012001', admin: true },
      });
      expect([res.status, await errorCode(res)]).toEqual([400, 'invalid_request']);
    });
  });

  describe('enrolment codes', () => {
    async function newLearnerCode(username: string) {
      const created = (await (await createLearner(username)).json()) as { account: { id: string } };
      const res = await t.call('POST', `/api/users/${created.account.id}/enrolment-code`, { token: operator.token });
      expect(res.status).toBe(201);
      return { id: created.account.id, ...((await res.json()) as EnrolmentCode) };
    }
    const enrol = (code: string) =>
      t.call('POST', '/api/auth/enrol', { json: { code, deviceId: '0190a3c2-7d1e-7cc0-9f00-000000000001' } });

    it('signs a phone in once: a typed code in any case, with spaces or dashes, gives a working token', async () => {
      const issued = await newLearnerCode('enrol-a');
      expect(issued.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
      expect(issued.enrolPath).toBe(`/masuk?kode=${issued.code}`);
      const res = await enrol(` ${issued.code.toLowerCase().replace('-', ' ')} `);
      expect(res.status).toBe(200);
      const login = (await res.json()) as LoginResponse;
      expect(login.account).toMatchObject({ id: issued.id, username: 'enrol-a' });
      expect((await t.call('GET', '/api/auth/me', { token: login.token })).status).toBe(200);
      const stored = await t.store.query<{ code_hash: string }>(
        `SELECT code_hash FROM enrolment_codes WHERE user_id = $1`,
        [issued.id],
      );
      expect(stored.rows.every((r) => /^[0-9a-f]{64}$/.test(r.code_hash))).toBe(true);
    });

    it('a replayed code → 409 code_used; an unknown one → 401 invalid_code; an expired one → 410', async () => {
      const issued = await newLearnerCode('enrol-b');
      expect((await enrol(issued.code)).status).toBe(200);
      const replay = await enrol(issued.code);
      expect([replay.status, await errorCode(replay)]).toEqual([409, 'code_used']);
      const unknown = await enrol('ZZZZZ-ZZZZZ');
      expect([unknown.status, await errorCode(unknown)]).toEqual([401, 'invalid_code']);
      const old = await newLearnerCode('enrol-c');
      const fresh = await t.call('POST', `/api/users/${old.id}/enrolment-code`, { token: operator.token });
      expect(fresh.status).toBe(201);
      // Issuing a new code retires the unused old one.
      const expired = await enrol(old.code);
      expect([expired.status, await errorCode(expired)]).toEqual([410, 'code_expired']);
      expect((await enrol(((await fresh.json()) as EnrolmentCode).code)).status).toBe(200);
    });

    it('two phones redeeming one code at the same moment: exactly one gets a token', async () => {
      const issued = await newLearnerCode('enrol-race');
      const results = await Promise.all([enrol(issued.code), enrol(issued.code), enrol(issued.code)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    });

    it('the enrolled token is revocable: after logout it answers 401 token_revoked', async () => {
      const issued = await newLearnerCode('enrol-d');
      const { token } = (await (await enrol(issued.code)).json()) as LoginResponse;
      expect((await t.call('POST', '/api/auth/logout', { token })).status).toBe(204);
      const me = await t.call('GET', '/api/auth/me', { token });
      expect([me.status, await errorCode(me)]).toEqual([401, 'token_revoked']);
    });

    it('an operator signs out every device of a learner in their region; the tokens answer 401 token_revoked', async () => {
      const issued = await newLearnerCode('enrol-lost-phone');
      const { token } = (await (await enrol(issued.code)).json()) as LoginResponse;
      const res = await t.call('POST', `/api/users/${issued.id}/revoke-tokens`, { token: operator.token });
      expect([res.status, await res.json()]).toEqual([200, { revoked: 1 }]);
      const me = await t.call('GET', '/api/auth/me', { token });
      expect([me.status, await errorCode(me)]).toEqual([401, 'token_revoked']);
    });

    it('an operator cannot issue a code for a learner outside their region', async () => {
      const admin = await learnerWithToken(t.store, 'admin-x', 'admin');
      const created = await t.call('POST', '/api/users', {
        token: admin.token,
        json: { username: 'jauh', name: 'Jauh', desaCode: '34.02.02.2001' },
      });
      expect(created.status).toBe(201);
      const { account } = (await created.json()) as { account: { id: string } };
      const res = await t.call('POST', `/api/users/${account.id}/enrolment-code`, { token: operator.token });
      expect([res.status, await errorCode(res)]).toEqual([403, 'outside_region']);
      const revoke = await t.call('POST', `/api/users/${account.id}/revoke-tokens`, { token: operator.token });
      expect([revoke.status, await errorCode(revoke)]).toEqual([403, 'outside_region']);
    });
  });
});
