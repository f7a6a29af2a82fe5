import { db } from '../../db/database';
import { authKey, readState } from '../../db/sync-state';
import { useLiveQuery } from '../util/use-live-query';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/t';
import { online } from './online';
import { deadReasonKey, syncErrorMessage } from './format-sync-error';
import { requestSync } from './request-sync';
import { ResultFileExport } from './ResultFileExport';
import { lastSyncReport, syncProgress, syncRunning } from './sync-signals';

/**
 * Sync status for one learner: last success, a progress bar during a large sync, why it stopped
 * (in plain words), the dead-letter list with reasons, the "Sinkronkan sekarang" button and
 * "Kirim lewat file" for when there is no signal.
 */
export function SyncStatus({ learnerId }: { learnerId: string }) {
  const lastSuccess = useLiveQuery(() => readState(db, 'lastSuccessAt'), []);
  const authProblem = useLiveQuery(() => readState(db, authKey(learnerId)), [learnerId]);
  const dead = useLiveQuery(
    () =>
      db.outbox
        .where('learnerId')
        .equals(learnerId)
        .filter((r) => r.state === 'dead')
        .toArray(),
    [learnerId],
  );
  const report = lastSyncReport.value;
  const progress = syncProgress.value;
  const error = syncErrorMessage(report?.lastError, authProblem !== undefined);
  return (
    <div class="sync-status" data-testid="sync-status">
      <p class="sync-status__last" data-testid="sync-last">
        {lastSuccess ? t('sync.last', { time: formatDateTime(lastSuccess) }) : t('sync.never')}
      </p>
      {syncRunning.value && (
        <div class="sync-status__progress">
          <p>{progress ? t('sync.running', { done: progress.done, total: progress.total }) : t('sync.runningShort')}</p>
          <progress max={progress?.total ?? undefined} value={progress?.done ?? undefined} />
        </div>
      )}
      {error && !syncRunning.value && (
        <p class="sync-status__error" role="alert" data-testid="sync-error">
          {t(error)}
        </p>
      )}
      <button
        type="button"
        class="button button--small"
        data-testid="sync-now"
        disabled={syncRunning.value || !online.value}
        onClick={() => void requestSync()}
      >
        {t('sync.now')}
      </button>
      <ResultFileExport learnerId={learnerId} />
      {dead && dead.length > 0 && (
        <details class="sync-status__dead" data-testid="sync-dead">
          <summary>{t('sync.dead.title', { count: dead.length })}</summary>
          <p>{t('sync.dead.intro')}</p>
          <ul>
            {dead.map((row) => {
              const key = deadReasonKey(row.lastError);
              return (
                <li key={row.id}>
                  <strong>{t(`sync.kind.${row.item.kind}`)}</strong>:{' '}
                  {key ? t(key) : t('sync.reason.other', { code: row.lastError ?? '?' })}
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </div>
  );
}
