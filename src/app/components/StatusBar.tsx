import { t } from '../i18n/t';
import { online } from '../sync/online';
import { offlineReady } from '../sw-bridge/register-service-worker';

/** Tells the user, without alarm, that no signal is fine. */
export function StatusBar() {
  return (
    <div class="status" role="status" aria-live="polite">
      {!online.value && <p class="status__offline">{t('status.offline')}</p>}
      {online.value && offlineReady.value && <p class="status__ready">{t('offlineReady')}</p>}
    </div>
  );
}
