import { t } from '../i18n/t';
import { dismissInstall, installDismissed, installEvent, needsIosInstructions, promptInstall } from './install-prompt';

/** Offers to put Lentera on the home screen: the browser's dialog, or written steps on iOS. */
export function InstallPrompt() {
  if (installDismissed.value) return null;
  const ios = needsIosInstructions();
  if (!installEvent.value && !ios) return null;
  return (
    <aside class="card install" aria-labelledby="install-title">
      <h2 id="install-title">{t('install.title')}</h2>
      <p>{ios ? t('install.ios') : t('install.intro')}</p>
      <div class="actions">
        {!ios && (
          <button type="button" class="button button--primary" onClick={() => void promptInstall()}>
            {t('install.accept')}
          </button>
        )}
        <button type="button" class="button" onClick={dismissInstall}>
          {t('install.dismiss')}
        </button>
      </div>
    </aside>
  );
}
