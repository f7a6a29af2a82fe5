import { t } from '../i18n/t';
import { activeProfile } from '../state/profiles';

/** Home: who is studying and their courses. */
export function HomeScreen() {
  const profile = activeProfile.value;
  return (
    <section aria-labelledby="home-title">
      {profile && <p class="lead">{t('signIn.success', { name: profile.name })}</p>}
      <h1 id="home-title">{t('home.title')}</h1>
      <p class="empty">{t('home.empty')}</p>
    </section>
  );
}
