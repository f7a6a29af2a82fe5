import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_ADMIN_PASSWORD, freshPgliteDataDir } from '../../server/harness/pglite-template';
import { atFileEnd, removeDir } from '../../server/harness/remove-at-file-end';
import { serverMainArgs } from '../../server/harness/server-entry';

export interface ServerHandle {
  url: string;
  port: number;
  dataDir: string;
  /** Everything the server printed, for assertions and for debugging a failure. */
  output: () => string;
  /** Graceful stop (SIGTERM). */
  stop: () => Promise<void>;
  /** Sudden death (SIGKILL): the process gets no chance to tidy up. */
  kill: () => Promise<void>;
  /** Starts again on the same port and data folder, so the app's origin and data stay the same. */
  restart: () => Promise<void>;
}

export interface StartServerOptions {
  /** A folder the caller owns and removes; without it the server gets a fresh one, removed when the test file ends. */
  dataDir?: string;
  /** Another built app, e.g. the "version 2" of the update test. */
  staticDir?: string;
  port?: number;
  env?: Record<string, string>;
  /** `scripts/start.mjs` runs what `npm start` runs; the default starts the server alone. */
  entry?: 'src/server/main.ts' | 'scripts/start.mjs';
}

/**
 * Starts a real Lentera server as a child process on a free port with a fresh data folder
 * (PGlite unless `env.DATABASE_URL` is given), and waits until `/healthz` answers. A folder it made
 * itself outlives `stop` (tests open a stopped server's store) and is removed, after the process
 * has exited, when the test file ends, also when it failed.
 */
export async function startServer(options: StartServerOptions = {}): Promise<ServerHandle> {
  // A fresh folder from the templates global setup made (see pglite-template): already migrated,
  // regions loaded, for a server whose first-start work is not what the test is about; `npm start`'s
  // test gets a cluster as empty as a fresh install's. On PostgreSQL the server never opens it:
  // an empty folder, not a 112 MB copy.
  // A server started the default way gets its first-start seeding from a template too; one whose
  // seeding is changed by its environment (no demo, another admin password, a hub) does it itself.
  const env = options.env ?? {};
  const seedsAsDefault =
    env.LENTERA_DEMO === undefined &&
    env.LENTERA_ADMIN_PASSWORD === undefined &&
    env.LENTERA_HUB_UPSTREAM === undefined;
  const dataDir =
    options.dataDir ??
    (env.DATABASE_URL
      ? mkdtempSync(join(tmpdir(), 'lentera-e2e-data-'))
      : freshPgliteDataDir({
          from: options.entry === 'scripts/start.mjs' ? 'initdb' : seedsAsDefault ? 'seeded' : 'migrated',
        }));
  let port = options.port ?? 0;
  let child: ChildProcess | undefined;
  let log = '';

  const launch = async () => {
    const entry = options.entry ?? 'src/server/main.ts';
    const args = entry.endsWith('.ts') ? serverMainArgs() : [entry];
    child = spawn(process.execPath, args, {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LENTERA_DATA: dataDir,
        LENTERA_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
        ...(options.staticDir ? { LENTERA_STATIC_DIR: options.staticDir } : {}),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = child;
    port = await new Promise<number>((resolve, reject) => {
      // A second or two alone (from the run's bundle, `server-entry.ts`), but past a minute was seen
      // with the rest of the suite on both cores, when tsx still compiled the server at every start.
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 110_000);
      const onData = (chunk: Buffer) => {
        log += chunk.toString();
        const match = /"msg":"listening".*?"port":(\d+)/.exec(log.slice(-4000));
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${log}`));
      });
    });
  };

  const end = async (signal: NodeJS.Signals) => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });
  };

  if (!options.dataDir) {
    // Registered before the first launch: a server that never said "listening" is still running.
    atFileEnd(async () => {
      await end('SIGKILL'); // stopped already unless the test failed; its data is being thrown away
      await removeDir(dataDir);
    });
  }
  await launch();
  const handle: ServerHandle = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    dataDir,
    output: () => log,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    restart: async () => {
      await end('SIGTERM');
      await launch();
    },
  };
  return handle;
}
