import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeEachStore } from '../../../tests/server/test-stores';
import type { Store } from '../store/store';
import * as password from './password';
import { ensureUser } from './users';

// Spied, not replaced: a created user still gets a real scrypt hash.
vi.mock('./password', { spy: true });

describeEachStore('ensureUser', (kind) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => ({ store, drop } = await kind.open()));
  afterAll(() => drop());

  it('creates a user once; later calls find it without hashing the password again and keep the stored hash', async () => {
    const user = { username: 'ensure-1', name: 'Siti', role: 'learner' as const, password: 'kata-sandi-1' };
    vi.mocked(password.hashPassword).mockClear();
    const first = await ensureUser(store, user);
    expect(first.created).toBe(true);
    expect(password.hashPassword).toHaveBeenCalledTimes(1);
    const hashOf = async () =>
      (await store.query<{ h: string }>(`SELECT password_hash AS h FROM users WHERE id = $1`, [first.id])).rows[0]!.h;
    const stored = await hashOf();
    expect(await password.verifyPassword('kata-sandi-1', stored)).toBe(true);

    // Every server start ensures the admin and the demo accounts like this.
    const again = await ensureUser(store, { ...user, password: 'another-password' });
    expect(again).toEqual({ id: first.id, created: false });
    expect(password.hashPassword).toHaveBeenCalledTimes(1);
    expect(await hashOf()).toBe(stored);
  });

  it('two starts ensuring the same new user at once make one user, and both get its id', async () => {
    const user = { username: 'ensure-2', name: 'Budi', role: 'operator' as const, password: 'kata-sandi-2' };
    const [a, b] = await Promise.all([ensureUser(store, user), ensureUser(store, user)]);
    expect(a.id).toBe(b.id);
    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
    const { rows } = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE username = $1`, [
      user.username,
    ]);
    expect(rows[0]!.n).toBe(1);
  });
});
