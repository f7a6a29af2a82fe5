import '../i18n/screen-messages';
import { useEffect, useState } from 'preact/hooks';
import { formatBytes } from '../i18n/format';
import { t } from '../i18n/t';

interface StorageState {
  usage?: number;
  quota?: number;
  persisted: boolean;
}

/** How much of the phone's storage Lentera uses, and whether the browser may clear it. */
export function StorageInfo() {
  const [state, setState] = useState<StorageState | null>(null);
  const refresh = async () => {
    const storage = navigator.storage;
    if (!storage?.estimate) return setState({ persisted: false });
    const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted?.() ?? false]);
    setState({ usage: estimate.usage, quota: estimate.quota, persisted });
  };
  useEffect(() => void refresh(), []);
  if (!state) return null;
  return (
    <div class="storage" data-testid="storage-info">
      {state.usage !== undefined && state.quota !== undefined && (
        <p>{t('settings.storage.usage', { used: formatBytes(state.usage), quota: formatBytes(state.quota) })}</p>
      )}
      <p>{state.persisted ? t('settings.storage.persisted') : t('settings.storage.notPersisted')}</p>
      {!state.persisted && navigator.storage?.persist && (
        <button type="button" class="button" onClick={() => void navigator.storage.persist().then(refresh)}>
          {t('settings.storage.persist')}
        </button>
      )}
    </div>
  );
}
