import { t } from '../i18n/t';
import { activeProfile } from '../profiles/active-profile';

/** The top bar: name, and the two places every user needs. */
export function AppHeader() {
  const role = activeProfile.value?.role;
  return (
    <header class="app-header">
      {/* The lantern logo is drawn by styles.css (.app-header__brand::before): no image to fetch or precache. */}
      <a href="/" class="app-header__brand">
        <span>{t('app.name')}</span>
      </a>
      <nav aria-label={t('nav.main')} class="app-header__nav">
        <a href="/">{t('nav.home')}</a>
        {!activeProfile.value && <a href="/masuk">{t('nav.signIn')}</a>}
        {role === 'learner' && <a href="/katalog">{t('nav.catalog')}</a>}
        {(role === 'monitor' || role === 'operator' || role === 'admin') && <a href="/pantau">{t('nav.pantau')}</a>}
        {(role === 'operator' || role === 'admin') && <a href="/operator">{t('nav.operator')}</a>}
        {(role === 'author' || role === 'admin') && <a href="/penulis">{t('nav.authoring')}</a>}
        <a href="/pengaturan">{t('nav.settings')}</a>
      </nav>
    </header>
  );
}
