import { StorageInfo } from '../components/settings/StorageInfo';
import type { Language } from '../i18n/messages';
import { language, setLanguage, t } from '../i18n/t';

/** Settings: language and what version is running. */
export function SettingsScreen() {
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <fieldset class="form">
        <legend>{t('settings.language')}</legend>
        {(['id', 'en'] as Language[]).map((lang) => (
          <label class="choice" key={lang}>
            <input
              type="radio"
              name="language"
              value={lang}
              checked={language.value === lang}
              onChange={() => setLanguage(lang)}
            />
            {/* Each language is named in itself, and marked so screen readers pronounce it right. */}
            <span lang={lang}>{t(`settings.language.${lang}`)}</span>
          </label>
        ))}
      </fieldset>
      <h2>{t('settings.storage')}</h2>
      <StorageInfo />
      <h2>{t('settings.about')}</h2>
      <p data-testid="app-version">{t('app.version', { version: __APP_VERSION__ })}</p>
    </section>
  );
}
