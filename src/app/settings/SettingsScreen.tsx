import '../i18n/screen-messages';
import { HubSettings } from './HubSettings';
import { StorageInfo } from './StorageInfo';
import type { Language } from '../i18n/messages';
import { language, setLanguage, t } from '../i18n/t';

/** Settings: language, storage, and what the app is (its version is in the footer). */
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
      <h2>{t('hub.title')}</h2>
      <HubSettings />
      <h2>{t('settings.about')}</h2>
      {/* The version itself is in the footer of every screen, this one included: said once. */}
      <p>{t('app.tagline')}</p>
    </section>
  );
}
