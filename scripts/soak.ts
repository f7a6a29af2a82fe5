// Randomised fault soak of the sync path (reliability scenario 16, docs/reliability.md), loopback only, bounded in
// time and requests: `npm run soak -- --seconds 60 --devices 8 [--kills 3]` (kills: a child server is
// SIGKILLed and restarted at random moments). `--through-hub`: the phones sync with a kecamatan hub
// in front of the national server and the kills hit the hub (scripts/soak-through-hub.ts). Prints sent / stored / lost /
// duplicated / unexpected and exits 1 unless lost = duplicated = unexpected = 0.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { startFaultProxy, type Fault } from '../tests/server/harness/fault-proxy';
import { seededRandom } from '../tests/server/harness/seeded-random';
import { childProcessBackend, inProcessBackend } from './soak-backend';
import { runHubSoak } from './soak-through-hub';
import { enqueueRandomProgress } from './enqueue-random-progress';
import { createTestDevice, type TestDevice } from '../tests/server/harness/test-device';

export interface SoakOptions {
  seconds: number;
  devices: number;
  /** Stop injecting faults after this many proxied requests, whatever the time. */
  maxRequests: number;
  seed: number;
  /** PostgreSQL when set, otherwise an in-memory PGlite. */
  databaseUrl?: string | undefined;
  /** SIGKILL a child server (PGlite) this many times at random moments; 0 runs the app in-process. */
  kills?: number;
  /**
   * Rounds to run even past `seconds` (still bounded by `maxRequests`): a test's few seconds on a busy
   * machine may otherwise end after one round and prove little.
   */
  minRounds?: number;
}

export interface SoakReport {
  seed: number;
  sent: number;
  stored: number;
  lost: number;
  duplicated: number;
  unexpected: number;
  deadLetter: number;
  requests: number;
  kills: number;
  faults: Record<string, number>;
}

/** Runs the soak and returns its figures; never touches anything but loopback sockets. */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const random = seededRandom(options.seed);
  const backend = options.kills ? await childProcessBackend() : await inProcessBackend(options.databaseUrl);
  let killsLeft = options.kills ?? 0;
  let faulting = true;
  const faultKinds: Array<() => Fault> = [
    () => ({ kind: 'pass' }),
    () => ({ kind: 'pass' }),
    () => ({ kind: 'drop-response' }),
    () => ({ kind: 'truncate-request' }),
    () => ({ kind: 'status', status: 503, code: 'unavailable' }),
    () => ({ kind: 'status', status: 429, code: 'slow_down' }),
    () => ({ kind: 'status', status: 502, code: 'bad_gateway' }),
  ];
  const proxy = await startFaultProxy(backend.url, (n) =>
    faulting && n < options.maxRequests ? faultKinds[Math.floor(random() * faultKinds.length)]!() : { kind: 'pass' },
  );
  const sent = new Set<string>();
  let closed = false;
  const devices: TestDevice[] = [];
  const learners: string[] = [];
  try {
    for (let d = 0; d < options.devices; d++) {
      const { id, token, deviceId } = await backend.createLearner(d);
      learners.push(id);
      // Some phones "die" after sending, before recording the answer: the resend must de-duplicate.
      const dying = (input: string | URL | Request, init?: RequestInit) =>
        fetch(input, init).then(async (res) => {
          if (random() < 0.1) {
            await res.arrayBuffer();
            throw new Error('app killed after send');
          }
          return res;
        });
      devices.push(
        await createTestDevice({
          baseUrl: proxy.url,
          learner: { id, token },
          deviceId,
          fetch: dying,
          requestTimeoutMs: 5000,
        }),
      );
    }
    const deadline = Date.now() + options.seconds * 1000;
    let round = 0;
    while ((Date.now() < deadline || round < (options.minRounds ?? 0)) && proxy.log.length < options.maxRequests) {
      // A kill lands at a random moment inside this round's syncs.
      const killing =
        killsLeft > 0 && backend.kill && random() < 0.5
          ? (killsLeft--, new Promise((r) => setTimeout(r, random() * 500)).then(() => backend.kill!()))
          : Promise.resolve();
      await Promise.all(
        devices.map(async (device, d) => {
          await enqueueRandomProgress(device, learners[d]!, backend.course, random, round, sent);
          await device.ctx.db.outbox.toCollection().modify({ nextTryAt: 0 });
          await device.syncUntilDrained(2);
        }),
      );
      await killing;
      round++;
    }
    while (killsLeft > 0 && backend.kill) {
      killsLeft--;
      await backend.kill();
    }
    faulting = false;
    for (const device of devices) {
      await device.ctx.db.outbox.toCollection().modify({ nextTryAt: 0 });
      await device.syncUntilDrained(200);
    }
    const rows = await backend.countAndClose(learners);
    closed = true;
    const stored = new Set(rows.map((r) => r.id));
    let deadLetter = 0;
    for (const device of devices) deadLetter += await device.db.outbox.where('state').equals('dead').count();
    const faults: Record<string, number> = {};
    for (const entry of proxy.log) faults[entry.fault] = (faults[entry.fault] ?? 0) + 1;
    return {
      seed: options.seed,
      sent: sent.size,
      stored: stored.size,
      lost: [...sent].filter((id) => !stored.has(id)).length,
      duplicated: rows.reduce((sum, r) => sum + (r.n - 1), 0),
      unexpected: [...stored].filter((id) => !sent.has(id)).length,
      deadLetter,
      requests: proxy.log.length,
      kills: options.kills ?? 0,
      faults,
    };
  } finally {
    await Promise.all(devices.map((d) => d.close()));
    await proxy.close();
    if (!closed) await backend.countAndClose([]).catch(() => undefined);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '60' },
      devices: { type: 'string', default: '8' },
      'max-requests': { type: 'string', default: '5000' },
      seed: { type: 'string', default: String(Date.now() % 1_000_000) },
      kills: { type: 'string', default: '0' },
      'through-hub': { type: 'boolean', default: false },
    },
  });
  const run = values['through-hub'] ? runHubSoak : runSoak;
  const report = await run({
    seconds: Math.min(600, Number(values.seconds)),
    devices: Math.min(50, Number(values.devices)),
    maxRequests: Number(values['max-requests']),
    seed: Number(values.seed),
    databaseUrl: process.env.DATABASE_URL,
    kills: Math.min(20, Number(values.kills)),
  });
  console.log(JSON.stringify(report, null, 2));
  const unconfirmed = 'unconfirmed' in report ? report.unconfirmed : 0;
  process.exit(
    report.lost === 0 &&
      report.duplicated === 0 &&
      report.unexpected === 0 &&
      report.deadLetter === 0 &&
      unconfirmed === 0
      ? 0
      : 1,
  );
}
