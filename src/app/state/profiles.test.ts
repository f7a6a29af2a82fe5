import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { db } from '../../db/database';
import type { LoginResponse } from '../../shared/auth-protocol';
import { activeProfile, rememberSignIn } from './profiles';

const login = (token: string) =>
  ({
    token,
    expiresAt: '2099-01-01T00:00:00Z',
    account: { id: 'acc-siti', username: 'siti', name: 'Siti', role: 'learner', desaCode: '34.02.01.2001' },
  }) as LoginResponse;

describe('rememberSignIn', () => {
  it('keeps the PIN an official already set when they sign in again', async () => {
    await rememberSignIn(login('first'));
    const pin = { salt: 'c2FsdA==', hash: 'aGFzaA==', iterations: 150_000 };
    await db.profiles.update('acc-siti', { pin });
    const again = await rememberSignIn(login('second'));
    expect(again.token).toBe('second');
    expect((await db.profiles.get('acc-siti'))?.pin).toEqual(pin);
    expect(activeProfile.value?.pin).toEqual(pin);
  });
});
