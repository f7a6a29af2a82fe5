import pg from 'pg';
import type { Queryable, Store } from './store';

export interface PostgresStoreOptions {
  /** Puts every table in this schema; tests use a fresh schema each so they never collide. */
  schema?: string;
  maxConnections?: number;
  /**
   * Every transaction of every connection read-only (`default_transaction_read_only=on`): for the
   * reports replica, so a write that reached it by mistake fails loudly instead of being attempted.
   */
  readOnly?: boolean;
}

/** Connects to PostgreSQL at `url` through a `pg` pool. */
export async function createPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const settings = [
    ...(options.schema ? [`-c search_path=${options.schema}`] : []),
    ...(options.readOnly ? ['-c default_transaction_read_only=on'] : []),
  ];
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    ...(settings.length > 0 ? { options: settings.join(' ') } : {}),
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', (err) =>
    console.error(JSON.stringify({ level: 'warn', msg: 'pg idle client error', err: err.message })),
  );
  // A read-only store reads a schema the primary made (and a replica could not create one anyway).
  if (options.schema && !options.readOnly) {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema.replaceAll('"', '')}"`);
  }
  const query: Queryable['query'] = async (sql, params) => {
    const result = await pool.query(sql, params as unknown[]);
    return { rows: result.rows };
  };
  return {
    kind: 'postgres',
    query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async (sql, params) => ({ rows: (await client.query(sql, params as unknown[])).rows }),
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
