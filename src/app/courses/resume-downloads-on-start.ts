// Main bundle: tiny on purpose — the download worker and its client load only when a download
// was running when the app was closed (or killed), and then it continues where it stopped.
import { db } from '../../db/database';
import { activeProfile } from '../profiles/active-profile';

/** After an app start, continues downloads that were running (not the paused or failed ones). */
export async function resumeDownloadsOnStart(): Promise<void> {
  const running = await db.downloads.filter((d) => d.status === 'running').count();
  const token = activeProfile.value?.token;
  if (running === 0 || !token) return;
  const { restoreDownloads } = await import('./course-download-client');
  await restoreDownloads(token);
}
