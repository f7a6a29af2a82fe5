import { beforeAll, expect, it, vi } from 'vitest';
import type * as PasswordModule from '../../src/server/auth/password';
import { ensureUser } from '../../src/server/auth/users';
import { useTestApp } from './test-app';
import { describeEachStore } from './test-stores';

// Every password verification the server runs, with the hash it compared against (the real scrypt still runs).
const verified = vi.hoisted(() => [] as string[]);
vi.mock('../../src/server/auth/password', async (importOriginal) => {
  const real = await importOriginal<typeof PasswordModule>();
  return {
    ...real,
    verifyPassword: (password: string, stored: string) => {
      verified.push(stored);
      return real.verifyPassword(password, stored);
    },
  };
});

const scryptParams = (hash: string) => hash.split('$').slice(0, 4).join('$');

describeEachStore('sign-in does the same work whether or not the username exists', (kind) => {
  const t = useTestApp(kind);
  let knownHash = '';
  beforeAll(async () => {
    await ensureUser(t.store, { username: 'ada', name: 'Ada', role: 'learner', password: 'kata-sandi-ada' });
    await ensureUser(t.store, { username: 'tanpa-sandi', name: 'Tanpa Sandi', role: 'learner' });
    const { rows } = await t.store.query<{ password_hash: string }>(
      `SELECT password_hash FROM users WHERE username = 'ada'`,
    );
    knownHash = rows[0]!.password_hash;
  });
  const login = async (username: string) => {
    verified.length = 0;
    const res = await t.call('POST', '/api/auth/login', { json: { username, password: 'salah-sekali' } });
    return { status: res.status, body: await res.text(), verified: [...verified] };
  };

  it('a wrong password, an unknown user and a user without a password each run one scrypt verification', async () => {
    const wrong = await login('ada');
    const unknown = await login('tidak-ada');
    const noPassword = await login('tanpa-sandi');
    expect(wrong.verified).toEqual([knownHash]);
    expect(unknown.verified).toHaveLength(1);
    expect(noPassword.verified).toHaveLength(1);
    // Against a real hash with the same cost parameters, not a shortcut.
    expect(unknown.verified[0]).not.toBe(knownHash);
    expect(scryptParams(unknown.verified[0]!)).toBe(scryptParams(knownHash));
    expect(noPassword.verified[0]).toBe(unknown.verified[0]);
    // And the answers are identical.
    for (const other of [unknown, noPassword]) {
      expect([other.status, other.body]).toEqual([wrong.status, wrong.body]);
    }
  });
});
