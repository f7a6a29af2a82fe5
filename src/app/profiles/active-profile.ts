import { signal } from '@preact/signals';
import type { LoginResponse } from '../../shared/auth-protocol';
import { db } from '../../db/database';
import type { Profile } from '../../db/profile';

const ACTIVE_KEY = 'lentera.activeProfile';

/** The official currently using the app, or null on the sign-in screen. */
export const activeProfile = signal<Profile | null>(null);

/** Restores the last active profile from the device database at start-up. */
export async function loadActiveProfile(): Promise<void> {
  const id = localStorage.getItem(ACTIVE_KEY);
  activeProfile.value = id ? ((await db.profiles.get(id)) ?? null) : null;
}

/** Keeps a successful sign-in on the phone and makes that official the active one. */
export async function rememberSignIn(login: LoginResponse): Promise<Profile> {
  const profile: Profile = {
    ...login.account,
    token: login.token,
    tokenExpiresAt: login.expiresAt,
    signedInAt: Date.now(),
  };
  // No `pin`: the password is the stronger proof, so a sign-in asks for a new PIN. That is also how
  // an official who forgot their PIN gets back in ("Lupa PIN?" on the PIN form).
  await db.profiles.put(profile);
  localStorage.setItem(ACTIVE_KEY, profile.id);
  activeProfile.value = profile;
  return profile;
}
