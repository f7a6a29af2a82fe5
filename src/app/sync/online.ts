import { signal } from '@preact/signals';

/** Whether the phone believes it has a network; updated by the browser's online/offline events. */
export const online = signal(typeof navigator === 'undefined' ? true : navigator.onLine);

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => (online.value = true));
  window.addEventListener('offline', () => (online.value = false));
}
