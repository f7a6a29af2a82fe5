import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Store } from './store';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Applies every `migrations/NNNN_name.sql` not yet recorded, each in its own transaction, in order. */
export async function migrate(store: Store): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  await store.query(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    const sql = await readFile(MIGRATIONS_DIR + file, 'utf8');
    const ran = await store.transaction(async (tx) => {
      // Two servers starting at once on one PostgreSQL must not both run a migration.
      if (store.kind === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(727274)`);
      const done = await tx.query(`SELECT 1 FROM schema_migrations WHERE version = $1`, [version]);
      if (done.rows.length > 0) return false;
      await execScript(tx, sql);
      await tx.query(`INSERT INTO schema_migrations (version) VALUES ($1)`, [version]);
      return true;
    });
    if (ran) applied.push(version);
  }
  return applied;
}

/** Runs a multi-statement script; statements are split on lines that end with `;`. */
async function execScript(tx: { query: Store['query'] }, sql: string): Promise<void> {
  const statements = sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
  for (const statement of statements) await tx.query(statement);
}
