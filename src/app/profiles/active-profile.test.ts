import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { db } from '../../db/database';
import type { LoginResponse } from '../../shared/auth-protocol';
import { activeProfile, rememberSignIn } from './active-profile';

const login = (token: string) =>
  ({
    token,
    expiresAt: '2099-01-01T00:00:00Z',
    account: { id: 'acc-siti', username: 'siti', name: 'Siti', role: 'learner', desaCode: '34.02.01.2001' },
  }) as LoginResponse;

describe('rememberSignIn', () => {
  it('stores the profile with its token and makes it the active one', async () => {
    const profile = await rememberSignIn(login('first'));
    expect(await db.profiles.get('acc-siti')).toEqual(profile);
    expect(activeProfile.value?.token).toBe('first');
  });

  it('replaces a forgotten PIN: a password sign-in asks for a new one', async () => {
    await rememberSignIn(login('first'));
    await db.profiles.update('acc-siti', { pin: { salt: 'c2FsdA==', hash: 'aGFzaA==', iterations: 150_000 } });
    const again = await rememberSignIn(login('second'));
    expect(again.token).toBe('second');
    expect((await db.profiles.get('acc-siti'))?.pin).toBeUndefined();
  });
});
