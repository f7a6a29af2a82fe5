import { signal } from '@preact/signals';
import { db } from '../../db/database';
import { t } from '../i18n/t';
import { detectStorageWipe } from './detect-storage-wipe';

/** Set at start-up when the browser deleted the phone's data; cleared when the learner dismisses it. */
export const storageWiped = signal(false);

/** Runs the wipe check once at start-up. */
export async function checkStorageAtStart(): Promise<void> {
  try {
    storageWiped.value = (await detectStorageWipe(db)) === 'wiped';
  } catch {
    // IndexedDB unusable (private mode, quota): the writes themselves report it where they happen.
  }
}

/** A banner that says, plainly, that data on this phone was deleted by the browser and what to do. */
export function StorageWarning() {
  if (!storageWiped.value) return null;
  return (
    <div class="storage-warning" role="alert" data-testid="storage-wiped">
      <p>{t('storage.wiped')}</p>
      <button type="button" class="button button--small" onClick={() => (storageWiped.value = false)}>
        {t('storage.wiped.dismiss')}
      </button>
    </div>
  );
}
