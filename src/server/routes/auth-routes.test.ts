import { describe, expect, it } from 'vitest';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';
import { ensureUser } from '../auth/users';
import { PER_ADDRESS_AND_USER } from '../auth/login-rate-limit';

const MAX_FAILURES = PER_ADDRESS_AND_USER.free;

describeEachStore('auth routes', (kind) => {
  const t = useTestApp(kind);

  describe('login', () => {
    it('returns a token for the right password and the token opens /api/auth/me', async () => {
      await ensureUser(t.store, {
        username: 'siti',
        name: 'Siti',
        role: 'learner',
        password: 'benar-sekali',
        desaCode: '34.02.01.2001',
      });
      const res = await t.call('POST', '/api/auth/login', { json: { username: 'Siti', password: 'benar-sekali' } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { token: string; account: { username: string; desaCode: string } };
      expect(body.account).toMatchObject({ username: 'siti', desaCode: '34.02.01.2001' });
      const me = await t.call('GET', '/api/auth/me', { token: body.token });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ username: 'siti', role: 'learner' });
    });

    it('stores only a hash of the token', async () => {
      const res = await t.call('POST', '/api/auth/login', { json: { username: 'siti', password: 'benar-sekali' } });
      const { token } = (await res.json()) as { token: string };
      const rows = await t.store.query<{ token_hash: string }>('SELECT token_hash FROM sessions');
      expect(rows.rows.some((r) => r.token_hash === token)).toBe(false);
      expect(rows.rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
    });

    it('refuses a wrong password with invalid_credentials', async () => {
      const res = await t.call('POST', '/api/auth/login', { json: { username: 'siti', password: 'salah' } });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: { code: 'invalid_credentials', message: 'Wrong username or password' },
      });
    });

    it('rejects unknown fields and wrong types with invalid_request', async () => {
      const res = await t.call('POST', '/api/auth/login', { json: { username: 'siti', password: 5, admin: true } });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; details: Array<{ path: string }> } };
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.details.map((d) => d.path).sort()).toEqual(['admin', 'password']);
    });

    it('rejects malformed JSON with a 400, not a 500', async () => {
      const res = await t.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"username": "siti", ',
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('malformed_json');
    });

    it(`rate-limits after ${MAX_FAILURES} failures, even for the right password`, async () => {
      await ensureUser(t.store, { username: 'budi', name: 'Budi', role: 'learner', password: 'rahasia-budi' });
      for (let i = 0; i < MAX_FAILURES; i++) {
        expect((await t.call('POST', '/api/auth/login', { json: { username: 'budi', password: 'x' } })).status).toBe(
          401,
        );
      }
      const res = await t.call('POST', '/api/auth/login', { json: { username: 'budi', password: 'rahasia-budi' } });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });

  describe('tokens', () => {
    it('answers 401 token_revoked after logout and token_expired after expiry', async () => {
      const login = async () =>
        (
          (await (
            await t.call('POST', '/api/auth/login', { json: { username: 'siti', password: 'benar-sekali' } })
          ).json()) as { token: string }
        ).token;
      const revoked = await login();
      expect((await t.call('POST', '/api/auth/logout', { token: revoked })).status).toBe(204);
      const r1 = await t.call('GET', '/api/auth/me', { token: revoked });
      expect(r1.status).toBe(401);
      expect(((await r1.json()) as { error: { code: string } }).error.code).toBe('token_revoked');

      const expired = await login();
      await t.store.query(`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE revoked_at IS NULL`);
      const r2 = await t.call('GET', '/api/auth/me', { token: expired });
      expect(((await r2.json()) as { error: { code: string } }).error.code).toBe('token_expired');
    });

    it('answers 401 without a token', async () => {
      expect((await t.call('GET', '/api/auth/me')).status).toBe(401);
    });
  });
});
