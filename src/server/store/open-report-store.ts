import { createPostgresStore } from './create-postgres-store';
import type { Store } from './store';

export interface OpenReportStoreOptions {
  /** `LENTERA_REPORTS_DATABASE_URL`: a streaming replica of the primary; unset reads reports from `primary`. */
  reportsDatabaseUrl?: string | undefined;
  /** PostgreSQL schema (tests), the same one the primary uses. */
  schema?: string | undefined;
}

/**
 * The store report, silent-village and CSV queries read from. With a replica URL it is a read-only
 * PostgreSQL pool — never migrated, never written: every transaction on it is read-only, so a write
 * sent there by mistake fails instead of diverging from the primary. `close` of the returned store
 * closes only what this function opened.
 * @example const reports = await openReportStore(primary, { reportsDatabaseUrl: config.reportsDatabaseUrl })
 */
export async function openReportStore(primary: Store, options: OpenReportStoreOptions): Promise<Store> {
  if (!options.reportsDatabaseUrl) return { ...primary, close: async () => {} };
  if (primary.kind !== 'postgres') {
    throw new Error('LENTERA_REPORTS_DATABASE_URL needs DATABASE_URL: a replica is a copy of a PostgreSQL primary');
  }
  return createPostgresStore(options.reportsDatabaseUrl, {
    readOnly: true,
    ...(options.schema ? { schema: options.schema } : {}),
  });
}
