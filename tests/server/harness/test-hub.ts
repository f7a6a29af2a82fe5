import { writeState } from '../../../src/db/sync-state';
import { hubKeyFingerprint } from '../../../src/shared/hub/hub-identity-proof';
import { testConfig } from '../../../src/server/config';
import { createApp } from '../../../src/server/create-app';
import type { CreateHubResponse, HubStatus } from '../../../src/server/hub/hub-protocol';
import { runHub } from '../../../src/server/hub/run-hub';
import { openStore } from '../../../src/server/store/open-store';
import { seedServerEpoch } from '../../../src/server/sync/get-server-epoch';
import { spawn, type ChildProcess } from 'node:child_process';
import { startFaultProxy, type Fault, type FaultProxy, type LinkShape } from './fault-proxy';
import { freshPgliteDataDir, pgliteImage } from './pglite-template';
import { atFileEnd, removeDir } from './remove-at-file-end';
import { serveTestApp } from './serve-test-app';
import { serverMainArgs } from './server-entry';
import type { TestDevice } from './test-device';

/**
 * A kecamatan hub as at an office, on PGlite, whose uplink to the national server at `nationalUrl`
 * goes through the fault proxy (`uplinkFault` is asked for every request on it; the forwarder's
 * batches are `POST /api/hub/bundles`). `process: 'child'` is a real child server (`main.ts` in hub
 * mode) that a test can SIGKILL; `'in-process'` is the same app and forwarder loop (`createApp` in
 * hub mode, `runHub`) in this process on a loopback socket: no start-up of seconds, but no kill.
 */
export interface TestHub {
  url: string;
  uplink: FaultProxy;
  hubId: string;
  status: () => Promise<HubStatus>;
  /** Waits until the hub holds no bundle that has not been forwarded (and its uplink is up). */
  drained: (timeoutMs?: number) => Promise<void>;
  /** SIGKILL, then start again on the same port and data folder (child process only). */
  killAndRestart: () => Promise<void>;
  stop: () => Promise<void>;
}

export const HUB_KECAMATAN = '34.02.01';

/** Polls `check` until it answers true; throws with `what` after `timeoutMs`. No vitest: the soak and the benches use it too. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startTestHub(options: {
  nationalUrl: string;
  /** An admin's token on the national server, to issue the hub's credential. */
  adminToken: string;
  process: 'child' | 'in-process';
  uplinkFault?: (n: number, path: string, body: Buffer) => Fault;
  link?: LinkShape;
}): Promise<TestHub> {
  const issued = await fetch(`${options.nationalUrl}/api/hubs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.adminToken}` },
    body: JSON.stringify({ kecamatanCode: HUB_KECAMATAN, name: 'Kantor Kecamatan Srandakan' }),
  });
  if (issued.status !== 201 && issued.status !== 200) {
    throw new Error(`POST /api/hubs answered ${issued.status}: ${await issued.text()}`);
  }
  const { hubId, credential } = (await issued.json()) as CreateHubResponse;
  const uplink = await startFaultProxy(
    options.nationalUrl,
    options.uplinkFault ?? (() => ({ kind: 'pass' })),
    options.link,
  );
  const running =
    options.process === 'child' ? await childHub(uplink.url, credential) : await inProcessHub(uplink.url, credential);
  const status = async () => (await (await fetch(`${running.url}/api/hub/status`)).json()) as HubStatus;
  // Named in its status only once it has mirrored its learners' token hashes and device keys.
  const named = () => until('the hub to mirror its learners', async () => (await status()).hubId === hubId, 60_000);
  await named();
  return {
    url: running.url,
    uplink,
    hubId,
    status,
    drained: (timeoutMs = 60_000) =>
      until(
        'the hub to forward every bundle',
        async () => {
          const now = await status();
          return now.waitingBundles === 0 && now.uplink === 'up';
        },
        timeoutMs,
      ),
    killAndRestart: async () => {
      await running.killAndRestart();
      await named();
    },
    stop: async () => {
      await running.stop();
      await uplink.close();
    },
  };
}

type RunningHub = Pick<TestHub, 'url' | 'killAndRestart' | 'stop'>;

/**
 * `main.ts` in hub mode (the run's bundle, `server-entry.ts`) as a child process on a fresh PGlite
 * folder. Not `startServer` of the e2e harness: a start there may take 60 s, and on two cores shared
 * by a whole test run a start has taken that long (when tsx still compiled the server each time), so
 * this waits up to three minutes for "listening". The folder is removed when the test file ends,
 * after the process has exited.
 */
async function childHub(upstream: string, credential: string): Promise<RunningHub> {
  const dataDir = freshPgliteDataDir();
  let port = 0;
  let child: ChildProcess | undefined;
  const launch = async () => {
    const proc = spawn(process.execPath, serverMainArgs(), {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LENTERA_DATA: dataDir,
        LENTERA_HUB_UPSTREAM: upstream,
        LENTERA_HUB_CREDENTIAL: credential,
        // Back on the uplink within 2 s of a failure, not a random wait of up to 5 minutes.
        LENTERA_HUB_MAX_BACKOFF_MS: '2000',
        // Its "listening" line tells the port: never silent, whatever the caller's own setting.
        LENTERA_LOG: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let log = '';
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`hub did not start:\n${log}`)), 180_000);
      proc.stdout.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        const match = /"msg":"listening".*?"port":(\d+)/.exec(log.slice(-4000));
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      proc.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`hub exited with ${code}:\n${log}`));
      });
    });
  };
  const end = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });
  // Registered before the first launch: a hub that never said "listening" is still running.
  atFileEnd(async () => {
    await end('SIGKILL'); // stopped already unless the test failed; its data is being thrown away
    await removeDir(dataDir);
  });
  await launch();
  return {
    url: `http://127.0.0.1:${port}`,
    killAndRestart: async () => {
      await end('SIGKILL');
      await launch(); // the same port and folder: the phones' stored address stays right
    },
    stop: () => end('SIGTERM'),
  };
}

async function inProcessHub(upstream: string, credential: string): Promise<RunningHub> {
  const store = await openStore({ pgliteImage: pgliteImage() });
  await seedServerEpoch(store);
  const server = await serveTestApp(createApp(store, testConfig({ hubUpstream: upstream, hubCredential: credential })));
  const loop = runHub(store, { baseUrl: upstream, credential, fetch }, Math.random, 2000);
  return {
    url: server.url,
    killAndRestart: () => Promise.reject(new Error('an in-process hub cannot be killed; use process: "child"')),
    stop: async () => {
      await loop.stop();
      await server.close();
      await store.close();
    },
  };
}

/** The learner set this hub in Settings (as a scanned QR does): the phone's next syncs go to `baseUrl`. */
export async function setHub(device: TestDevice, hub: TestHub, baseUrl = hub.url): Promise<void> {
  // Pinned as a scanned QR pins it: the fingerprint of the key the hub's status answer names.
  const { identityKey } = await hub.status();
  if (!identityKey) throw new Error('the hub names no identity key');
  await writeState(device.db, 'hub', {
    baseUrl,
    hubId: hub.hubId,
    kecamatan: null,
    setAt: Date.now(),
    keyFingerprint: await hubKeyFingerprint(identityKey),
  });
}
