import { signal } from '@preact/signals';

/** Chrome's install event; not in TypeScript's DOM lib because only Chromium has it. */
interface BeforeInstallPromptEvent extends Event {
  prompt: () => Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

const DISMISSED_KEY = 'lentera.installDismissed';

/** The saved install event while the browser offers installation; null otherwise. */
export const installEvent = signal<BeforeInstallPromptEvent | null>(null);
/** The user said "not now"; we do not ask again on this phone. */
export const installDismissed = signal(typeof localStorage !== 'undefined' && !!localStorage.getItem(DISMISSED_KEY));

if (typeof window !== 'undefined') {
  window.addEventListener('beforeinstallprompt', (event) => {
    // Keep the event to offer installation from our own card, at a calm moment, not the browser's bar.
    event.preventDefault();
    installEvent.value = event as BeforeInstallPromptEvent;
  });
  window.addEventListener('appinstalled', () => (installEvent.value = null));
}

/** iPhone and iPad Safari have no install event: the user adds the app through the Share menu. */
export function needsIosInstructions(): boolean {
  const standalone =
    window.matchMedia?.('(display-mode: standalone)').matches ||
    (navigator as Navigator & { standalone?: boolean }).standalone === true;
  return /iphone|ipad|ipod/i.test(navigator.userAgent) && !standalone;
}

/** Shows the browser's install dialog from our card. */
export async function promptInstall(): Promise<void> {
  const event = installEvent.value;
  if (!event) return;
  await event.prompt();
  await event.userChoice;
  installEvent.value = null;
}

/** Hides the install card on this phone. */
export function dismissInstall(): void {
  localStorage.setItem(DISMISSED_KEY, '1');
  installDismissed.value = true;
}
