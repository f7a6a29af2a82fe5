import { signal } from '@preact/signals';
import type { SyncReport } from '../../sync/sync-once';

/** True while this tab runs a sync. */
export const syncRunning = signal(false);
/** Items confirmed so far in a large sync, for the progress bar; null when idle. */
export const syncProgress = signal<{ done: number; total: number } | null>(null);
/** What the last sync in this tab found (errors, sign-in needed); null before the first. */
export const lastSyncReport = signal<SyncReport | null>(null);
