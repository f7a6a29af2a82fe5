import { useState } from 'preact/hooks';
import { t } from '../i18n/t';
import { acceptUpdate, updateDeferred, updateWaiting } from '../sw-bridge/register-service-worker';

/** Asks before a new version takes over; never reloads on its own. */
export function UpdateBanner() {
  const [dismissed, setDismissed] = useState(false);
  if (!updateWaiting.value || dismissed) return null;
  return (
    <div class="banner banner--update" role="alertdialog" aria-live="polite" aria-labelledby="update-text">
      <p id="update-text">{updateDeferred.value ? t('update.waitingForWork') : t('update.available')}</p>
      {!updateDeferred.value && (
        <div class="banner__actions">
          <button type="button" class="button button--primary" onClick={acceptUpdate}>
            {t('update.accept')}
          </button>
          <button type="button" class="button" onClick={() => setDismissed(true)}>
            {t('update.later')}
          </button>
        </div>
      )}
    </div>
  );
}
