// Entry of the main bundle: everything imported from here is paid for on first load over 2G.
import { render } from 'preact';
import { App } from './App';
import { resumeDownloadsOnStart } from './courses/resume-downloads-on-start';
import { language } from './i18n/t';
import { loadActiveProfile } from './state/profiles';
import { registerServiceWorker } from './sw-bridge/register-service-worker';
import { startSyncTriggers } from './sync/start-sync-triggers';
import { checkStorageAtStart } from './sync/StorageWarning';
import './styles.css';

document.documentElement.lang = language.value;
void loadActiveProfile().finally(() => {
  render(<App />, document.getElementById('app')!);
  void resumeDownloadsOnStart();
});
registerServiceWorker();
startSyncTriggers();
void checkStorageAtStart();
