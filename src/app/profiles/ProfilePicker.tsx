import { useState } from 'preact/hooks';
import { db } from '../../db/database';
import type { Profile } from '../../db/profile';
import { useLiveQuery } from '../util/use-live-query';
import { t } from '../i18n/t';
import { activeProfile } from './active-profile';
import { PinUnlockForm } from './PinUnlockForm';

/** The shared phone's front door: every official who signed in here, each behind their own PIN. */
export function ProfilePicker() {
  const profiles = useLiveQuery(() => db.profiles.orderBy('username').toArray(), []);
  const [chosen, setChosen] = useState<Profile | null>(null);
  if (!profiles) return null;
  if (chosen) return <PinUnlockForm profile={chosen} onCancel={() => setChosen(null)} />;
  if (profiles.length === 0) {
    return (
      <section aria-labelledby="welcome-title">
        <h1 id="welcome-title">{t('profiles.welcome')}</h1>
        <p>{t('app.tagline')}</p>
        <p>
          <a class="button button--primary" href="/masuk">
            {t('profiles.signInFirst')}
          </a>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="picker-title">
      <h1 id="picker-title">{t('profiles.title')}</h1>
      <p>{t('profiles.intro')}</p>
      <ul class="profile-list">
        {profiles.map((profile) => (
          <li key={profile.id}>
            {profile.pin ? (
              <button type="button" class="profile-list__item" onClick={() => setChosen(profile)}>
                <span class="profile-list__name">{profile.name}</span>
                <span class="profile-list__user">{profile.username}</span>
              </button>
            ) : (
              // No PIN yet (sign-in interrupted): the profile becomes usable after setting one.
              <button type="button" class="profile-list__item" onClick={() => (activeProfile.value = profile)}>
                <span class="profile-list__name">{profile.name}</span>
                <span class="profile-list__user">{t('profiles.noPin')}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      <p>
        <a href="/masuk">{t('profiles.add')}</a>
      </p>
    </section>
  );
}
