import { randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import {
  PER_ADDRESS_AND_USER,
  PER_ADDRESS_UNKNOWN_USER,
  loginRetryAfter,
  recordLoginFailure,
  trimLoginAttempts,
} from '../../src/server/auth/login-rate-limit';
import { useTestApp } from './test-app';
import { describeEachStore } from './test-stores';

const PASSWORD = 'kata-sandi-kantor';

describeEachStore('sign-in limits', (kind) => {
  const t = useTestApp(kind);
  beforeAll(async () => {
    // One cheap hash for everyone (the format carries its cost, N=1024): the limits are under test,
    // not scrypt, and a machine shared with other work makes seventy full-cost verifications slow.
    const salt = randomBytes(16);
    const key = scryptSync(PASSWORD, salt, 32, { N: 1024, r: 8, p: 1 });
    const hash = ['scrypt', 1024, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    for (let i = 0; i < 50; i++) {
      await t.store.query(
        `INSERT INTO users (id, username, name, role, password_hash, desa_code) VALUES ($1, $2, $3, 'learner', $4, '34.02.01.2001')`,
        [randomUUID(), `peserta-${i}`, `Peserta ${i}`, hash],
      );
    }
  });

  /** A sign-in from `address`, as the Node server would see it on the socket. */
  const login = (address: string, username: string, password: string) =>
    t.app.request(
      '/api/auth/login',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password }),
      },
      { incoming: { socket: { remoteAddress: address } } },
    );

  it('fifty learners behind one office address all sign in, some after one typo', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      if (i % 3 === 0) expect((await login('10.1.1.1', `peserta-${i}`, 'salah-ketik')).status).toBe(401);
      statuses.push((await login('10.1.1.1', `peserta-${i}`, PASSWORD)).status);
    }
    expect(statuses).toEqual(Array(50).fill(200));
  }, 180_000);

  it('twenty-plus wrong passwords for one username from one address are stopped, the right one too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await login('10.2.2.2', 'peserta-1', `tebakan-${i}`)).status);
    const free = PER_ADDRESS_AND_USER.free;
    expect(statuses.slice(0, free)).toEqual(Array(free).fill(401));
    expect(statuses.slice(free)).toEqual(Array(22 - free).fill(429));
    const locked = await login('10.2.2.2', 'peserta-1', PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The learner's own phone, elsewhere, is not locked out by the guesser.
    expect((await login('10.3.3.3', 'peserta-1', PASSWORD)).status).toBe(200);
  });

  it('the wait grows with every failure after the free ones and forgets after a quiet spell', async () => {
    const key = { key: 'pair:test|progressive', policy: PER_ADDRESS_AND_USER };
    for (let i = 0; i < PER_ADDRESS_AND_USER.free - 1; i++) await recordLoginFailure(t.store, [key]);
    expect(await loginRetryAfter(t.store, [key])).toBe(0);
    await recordLoginFailure(t.store, [key]);
    const first = await loginRetryAfter(t.store, [key]);
    await recordLoginFailure(t.store, [key]);
    const second = await loginRetryAfter(t.store, [key]);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first * 1.5);
    for (let i = 0; i < 20; i++) await recordLoginFailure(t.store, [key]);
    expect(await loginRetryAfter(t.store, [key])).toBeLessThanOrEqual(15 * 60);
    await t.store.query(
      `UPDATE login_attempts SET last_failure_at = now() - make_interval(secs => forget_seconds + 1) WHERE key = $1`,
      [key.key],
    );
    expect(await loginRetryAfter(t.store, [key])).toBe(0);
  });

  it('guessing many unknown usernames from one address is stopped for that address only', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PER_ADDRESS_UNKNOWN_USER.free + 5; i++) {
      statuses.push((await login('10.4.4.4', `tidak-ada-${i}`, 'apa-saja')).status);
    }
    expect(statuses.slice(0, PER_ADDRESS_UNKNOWN_USER.free)).toEqual(Array(PER_ADDRESS_UNKNOWN_USER.free).fill(401));
    expect(statuses.slice(PER_ADDRESS_UNKNOWN_USER.free)).toEqual(Array(5).fill(429));
    // Once the address is held, a real username answers the same 429: the limit reveals no usernames.
    expect((await login('10.4.4.4', 'peserta-2', PASSWORD)).status).toBe(429);
    expect((await login('10.5.5.5', 'peserta-2', PASSWORD)).status).toBe(200);
  }, 180_000);

  it('keeps the table bounded: expired keys go, and trimming keeps the newest', async () => {
    await t.store.query(
      `UPDATE login_attempts SET last_failure_at = now() - interval '2 hours' WHERE key LIKE 'pair:%'`,
    );
    await recordLoginFailure(t.store, [{ key: 'pair:fresh|one', policy: PER_ADDRESS_AND_USER }]);
    const pairs = await t.store.query<{ key: string }>(`SELECT key FROM login_attempts WHERE key LIKE 'pair:%'`);
    expect(pairs.rows.map((r) => r.key)).toEqual(['pair:fresh|one']);
    await trimLoginAttempts(t.store, 2);
    const { rows } = await t.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM login_attempts`);
    expect(rows[0]!.n).toBe(2);
  });
});
