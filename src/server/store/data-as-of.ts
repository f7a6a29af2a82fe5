import type { Queryable, Store } from './store';

/**
 * How fresh the data a report is about to read is: every transaction committed on the primary up
 * to this moment is in it (ISO time), or null when the replica cannot tell yet.
 *
 * On the primary (and PGlite) that is now. On a streaming replica it is the commit time of the last
 * transaction replayed — or, when replay has caught up with everything the primary last reported
 * sending, the time of that report (an idle primary commits nothing, yet the replica is current).
 * Read it before the report's own queries so the answer is a lower bound, never an overstatement.
 * @example const asOf = await dataAsOf(reportStore)
 */
export async function dataAsOf(store: Pick<Store, 'kind'> & Queryable): Promise<string | null> {
  if (store.kind === 'pglite') return new Date().toISOString();
  const { rows } = await store.query<{ as_of: Date | null }>(
    `SELECT CASE WHEN NOT pg_is_in_recovery() THEN now()
       ELSE greatest(
         pg_last_xact_replay_timestamp(),
         (SELECT latest_end_time FROM pg_stat_wal_receiver
           WHERE latest_end_lsn IS NOT NULL AND latest_end_lsn <= pg_last_wal_replay_lsn()))
       END AS as_of`,
  );
  const asOf = rows[0]?.as_of;
  return asOf ? new Date(asOf).toISOString() : null;
}
