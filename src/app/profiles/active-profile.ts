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
  // Chromium writes localStorage to disk in delayed batches while IndexedDB commits each
  // transaction: an app killed soon after a sign-in keeps the profile but loses this id. Then
  // the one who signed in last is who used the phone last (the key is never removed), so a
  // download or sync still resumes with their token; the PIN is asked for as after any kill.
  const profile = id
    ? await db.profiles.get(id)
    : (await db.profiles.toArray()).sort((a, b) => b.signedInAt - a.signedInAt)[0];
  activeProfile.value = profile ?? null;
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
