// Entry of the main bundle: everything imported from here is paid for on first load over 2G.
import { render } from 'preact';
import { App } from './App';
import { watchInstalledCourses } from './courses/use-installed-courses';
import { resumeDownloadsOnStart } from './courses/resume-downloads-on-start';
import { language } from './i18n/t';
import { loadActiveProfile } from './profiles/active-profile';
import { registerServiceWorker } from './sw-bridge/register-service-worker';
import { startSyncTriggers } from './sync/start-sync-triggers';
import { checkStorageAtStart } from './sync/StorageWarning';
import './styles.css';

document.documentElement.lang = language.value;
// The first screen needs who is studying and which courses are installed: both reads go out at
// once, and the rest of the start-up work waits until that screen is on display (Safari has no
// requestIdleCallback: a timer then).
const afterFirstPaint = (work: () => void) =>
  'requestIdleCallback' in window ? requestIdleCallback(work, { timeout: 1_000 }) : setTimeout(work, 50);
void Promise.allSettled([loadActiveProfile(), watchInstalledCourses()]).finally(() => {
  render(<App />, document.getElementById('app')!);
  // Workbox registers at the window's load event anyway; the offline copy must not wait for idle.
  registerServiceWorker();
  afterFirstPaint(() => {
    void resumeDownloadsOnStart();
    startSyncTriggers();
    void checkStorageAtStart();
  });
});
