import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { db } from '../../db/database';
import type { LoginResponse } from '../../shared/auth-protocol';
import { activeProfile, loadActiveProfile, rememberSignIn } from './active-profile';

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

describe('loadActiveProfile', () => {
  const other = (signedInAt: number) => ({
    id: 'acc-budi',
    username: 'budi',
    name: 'Budi',
    role: 'learner' as const,
    desaCode: '34.02.01.2001',
    token: 'budi-token',
    tokenExpiresAt: '2099-01-01T00:00:00Z',
    signedInAt,
  });

  it('restores the profile whose id the phone kept as the last active one', async () => {
    const siti = await rememberSignIn(login('siti-token'));
    await db.profiles.put(other(siti.signedInAt + 1_000));
    activeProfile.value = null;
    await loadActiveProfile();
    // Read through peek(): TypeScript keeps the `= null` above as the signal's type otherwise.
    expect(activeProfile.peek()?.id).toBe('acc-siti');
  });

  it('after a kill lost that id (localStorage not yet on disk), restores the one who signed in last', async () => {
    const siti = await rememberSignIn(login('siti-token'));
    await db.profiles.put(other(siti.signedInAt - 1_000));
    localStorage.clear();
    activeProfile.value = null;
    await loadActiveProfile();
    expect(activeProfile.peek()?.token).toBe('siti-token');
  });

  it('with no profile on the phone, restores none', async () => {
    await db.profiles.clear();
    localStorage.clear();
    await loadActiveProfile();
    expect(activeProfile.value).toBeNull();
  });
});
