import { computed, signal } from '@preact/signals';
import { db } from '../../db/database';
import type { Profile } from '../../db/profile';
import { hashPin, verifyPin } from './pin-hash';
import { activeProfile } from './active-profile';

// Which official is studying right now. `activeProfile` remembers who used the phone last; the
// PIN unlock lasts for this browser session only (sessionStorage), so after the app is killed or
// the phone handed over, the next person must pick a profile and type their PIN.

const UNLOCK_KEY = 'lentera.unlockedProfile';
const ACTIVE_KEY = 'lentera.activeProfile';

const unlockedId = signal<string | null>(
  typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(UNLOCK_KEY),
);

/** The unlocked learner whose data the screens show, or null while the phone is locked. */
export const learner = computed<Profile | null>(() => {
  const profile = activeProfile.value;
  return profile && profile.pin && profile.id === unlockedId.value ? profile : null;
});

function unlock(profile: Profile): void {
  localStorage.setItem(ACTIVE_KEY, profile.id);
  sessionStorage.setItem(UNLOCK_KEY, profile.id);
  activeProfile.value = profile;
  unlockedId.value = profile.id;
}

/** Sets the PIN of a freshly signed-in profile and unlocks it. */
export async function setPin(profile: Profile, pin: string): Promise<void> {
  const updated: Profile = { ...profile, pin: await hashPin(pin) };
  await db.profiles.put(updated);
  unlock(updated);
}

/** Unlocks a profile when the PIN matches (offline: the hash is on the phone); false otherwise. */
export async function unlockWithPin(profileId: string, pin: string): Promise<boolean> {
  const profile = await db.profiles.get(profileId);
  if (!profile?.pin || !(await verifyPin(pin, profile.pin))) return false;
  unlock(profile);
  return true;
}

/** Locks the phone so that the next official picks their own profile. */
export function lockProfile(): void {
  sessionStorage.removeItem(UNLOCK_KEY);
  unlockedId.value = null;
}
