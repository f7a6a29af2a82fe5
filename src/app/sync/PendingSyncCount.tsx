import { db } from '../../db/database';
import { useLiveQuery } from '../util/use-live-query';
import { t } from '../i18n/t';

/** How many of this learner's answers and progress changes are still on the phone only. */
export function PendingSyncCount({ learnerId }: { learnerId: string }) {
  const count = useLiveQuery(
    // Items, as `rowIds` counts them: an attempt's row counts each answer it carries. Written out
    // here because importing `rowIds` into this chunk splits a shared chunk off the first load.
    () =>
      db.outbox
        .where('learnerId')
        .equals(learnerId)
        .filter((row) => row.state === 'pending')
        .toArray()
        .then((rows) => rows.flatMap((r) => [r, ...(r.answers ?? [])]).length),
    [learnerId],
  );
  if (count === undefined) return null;
  return (
    <p class="pending" data-testid="pending-count">
      {count === 0 ? t('home.pending.none') : t('home.pending', { count })}
    </p>
  );
}
