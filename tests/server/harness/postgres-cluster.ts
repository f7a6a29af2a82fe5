import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The PostgreSQL 15 server binaries (Debian's layout); `PG_BIN` points elsewhere. */
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** True when this machine can make throw-away clusters (the binaries are installed). */
export const canMakeClusters = () => existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_basebackup'));

/** A free loopback TCP port (asked of the kernel, then released for the cluster to bind). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ThrowAwayCluster {
  url: string;
  port: number;
  dataDir: string;
  log: string;
}

export interface PrimaryWithReplica {
  primary: ThrowAwayCluster;
  replica: ThrowAwayCluster;
  /** What the clusters logged, for a failure message. */
  logs: () => Promise<string>;
  /** Stops both clusters at once and deletes their folders; safe to call after a failed start. */
  teardown: () => Promise<void>;
}

/**
 * A PostgreSQL primary and a streaming replica of it, each a cluster of its own in a fresh temporary
 * folder on free loopback ports: `initdb` for the primary, `pg_basebackup -R -X stream` for the
 * replica, started with `pg_ctl`. The pair is the test's own, so the machine's cluster needs no
 * replication rights and is never touched. PostgreSQL refuses to run as root, so under root (CI)
 * every command runs as the `postgres` user. fsync is off: these clusters die with the test.
 * @example const pg = await startPrimaryWithReplica(); try { … } finally { await pg.teardown(); }
 */
export async function startPrimaryWithReplica(): Promise<PrimaryWithReplica> {
  const root = await mkdtemp(join(tmpdir(), 'lentera-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(root, Number(stdout.trim()), Number(gid.trim()));
  }
  const pgCommand = (bin: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args], { timeout: 30_000 })
      : run(join(PG_BIN, bin), args, { timeout: 30_000 });
  const started: string[] = [];
  const cluster = async (name: string): Promise<ThrowAwayCluster> => {
    const port = await freePort();
    const dataDir = join(root, name);
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, dataDir, log: join(root, `${name}.log`) };
  };
  const start = async (c: ThrowAwayCluster) => {
    const settings = `-p ${c.port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB`;
    await pgCommand('pg_ctl', ['-D', c.dataDir, '-l', c.log, '-w', '-t', '30', '-o', settings, 'start']);
    started.push(c.dataDir);
  };
  const teardown = async () => {
    for (const dir of started.reverse()) {
      await pgCommand('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    }
    await rm(root, { recursive: true, force: true });
  };
  const logs = async () => {
    const parts = await Promise.all(
      ['primary', 'replica'].map(
        async (n) => `--- ${n}\n${await readFile(join(root, `${n}.log`), 'utf8').catch(() => '')}`,
      ),
    );
    return parts.join('\n');
  };
  try {
    const primary = await cluster('primary');
    // initdb's default pg_hba.conf already trusts replication connections from loopback.
    await pgCommand('initdb', ['-D', primary.dataDir, '-A', 'trust', '-U', 'postgres', '-N', '--no-instructions']);
    await start(primary);
    const replica = await cluster('replica');
    await pgCommand('pg_basebackup', [
      ...['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres'],
      ...['-D', replica.dataDir, '-R', '-X', 'stream', '-c', 'fast'],
    ]);
    await start(replica);
    return { primary, replica, logs, teardown };
  } catch (err) {
    const why = await logs();
    await teardown();
    throw new Error(`could not set up a primary with a streaming replica: ${(err as Error).message}\n${why}`, {
      cause: err,
    });
  }
}
