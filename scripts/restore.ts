// `npm run restore -- <dump file> <database url>`: the restore drill (docs/operations.md).
// Restores a pg_dump (custom format from `pg_dump -Fc`, or plain SQL) into a FRESH database — made
// here when it does not exist, refused when it already holds tables — and gives the restored store
// a new server epoch, so every phone re-sends what it holds and whatever the dump lacks comes back.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const [dumpFile, databaseUrl] = process.argv.slice(2);

function usage(why: string): never {
  console.error(`${why}\nusage: npm run restore -- <dump file> <database url>   (postgres://user@host:port/newdb)`);
  process.exit(2);
}

if (!dumpFile || !databaseUrl) usage('restore needs a dump file and a database URL');
if (!existsSync(dumpFile)) usage(`no dump file at ${dumpFile}`);
if (!/^postgres(ql)?:\/\//.test(databaseUrl)) usage('the database URL must be postgres://…');

/** A PostgreSQL client program: from LENTERA_PG_BIN when set, else the one on PATH. */
const pgTool = (name: string) => (process.env.LENTERA_PG_BIN ? join(process.env.LENTERA_PG_BIN, name) : name);

/** `pg_dump -Fc` files start with "PGDMP"; anything else is taken as a plain SQL script. */
function isCustomFormat(file: string): boolean {
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(5);
  readSync(fd, head, 0, 5, 0);
  closeSync(fd);
  return head.toString('latin1') === 'PGDMP';
}

/** Creates the target database when missing; refuses one that already holds any table. */
async function ensureFreshDatabase(url: string): Promise<'created' | 'empty'> {
  const target = new pg.Client({ connectionString: url });
  try {
    await target.connect();
  } catch (err) {
    if ((err as { code?: string }).code !== '3D000') throw err; // 3D000: database does not exist
    const name = decodeURIComponent(new URL(url).pathname.slice(1));
    const server = new URL(url);
    server.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    } finally {
      await admin.end();
    }
    return 'created';
  }
  try {
    const { rows } = await target.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND s.nspname NOT IN ('pg_catalog', 'information_schema')
         AND s.nspname NOT LIKE 'pg_toast%'`,
    );
    // Restoring over live data would mix two histories; a restore always goes to a fresh database.
    if (rows[0]!.n > 0) usage(`the database already holds ${rows[0]!.n} tables: restore into a fresh one`);
    return 'empty';
  } finally {
    await target.end();
  }
}

const started = performance.now();
const database = await ensureFreshDatabase(databaseUrl);
const custom = isCustomFormat(dumpFile);
// One transaction: a restore that fails half way leaves an empty database, not half a store.
await (custom
  ? run(pgTool('pg_restore'), [
      ...['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction'],
      ...['--dbname', databaseUrl, dumpFile],
    ])
  : run(pgTool('psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-f', dumpFile, databaseUrl]));

const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
try {
  const previous = await db.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'server_epoch'`);
  const epoch = randomUUID();
  await db.query(
    `INSERT INTO meta (key, value) VALUES ('server_epoch', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [epoch],
  );
  const counts = await db.query<{ items: number; attempts: number }>(
    `SELECT (SELECT count(*)::int FROM sync_items) AS items, (SELECT count(*)::int FROM attempts) AS attempts`,
  );
  console.log(
    JSON.stringify({
      msg: 'restored',
      database,
      format: custom ? 'custom' : 'plain',
      previousEpoch: previous.rows[0]?.value ?? null,
      serverEpoch: epoch,
      ...counts.rows[0],
      ms: Math.round(performance.now() - started),
    }),
  );
} finally {
  await db.end();
}
