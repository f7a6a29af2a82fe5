// The fault soak through a kecamatan hub (`npm run soak -- --through-hub`, docs/reliability.md
// scenario 21): phones at the office sync with a hub (a child server on PGlite) over a faulty office
// link, the hub forwards over a faulty uplink to the national server, and the hub is SIGKILLed at
// random moments. At the end the hub forwards what it holds, every phone syncs at home once, and
// the national server must hold every item exactly once with every outbox row confirmed.
import { deleteState } from '../src/db/sync-state';
import { startFaultProxy, type Fault, type FaultProxy } from '../tests/server/harness/fault-proxy';
import { seededRandom } from '../tests/server/harness/seeded-random';
import { enqueueRandomProgress } from './enqueue-random-progress';
import { createTestDevice, type TestDevice } from '../tests/server/harness/test-device';
import { setHub, type TestHub } from '../tests/server/harness/test-hub';
import { hubBackend } from './soak-backend';
import type { SoakOptions, SoakReport } from './soak';

/** No server listens on the discard port. */
const OUT_OF_REACH = 'http://127.0.0.1:9';

export interface HubSoakReport extends SoakReport {
  /** Items the national server stored with this hub as their carrier (the rest went at home). */
  viaHub: number;
  /** Outbox rows, over all phones, not confirmed (`synced`) at the end: must be 0. */
  unconfirmed: number;
  /** Requests on the hub's uplink, and the faults injected there. */
  uplinkRequests: number;
  uplinkFaults: Record<string, number>;
}

/** Syncs at the office until nothing is due (held items wait for the national server, not for the hub). */
async function syncUntilNothingDue(device: TestDevice, maxRuns: number): Promise<void> {
  for (let run = 0; run < maxRuns; run++) {
    const report = await device.syncUntilDrained(1);
    const due = await device.db.outbox
      .where('[state+nextTryAt]')
      .between(['pending', -Infinity], ['pending', Date.now()])
      .count();
    if (due === 0 && report.lastError === undefined) return;
  }
}

const tally = (proxy: FaultProxy) => {
  const faults: Record<string, number> = {};
  for (const entry of proxy.log) faults[entry.fault] = (faults[entry.fault] ?? 0) + 1;
  return faults;
};

/** Runs the soak through a hub; `options.kills` SIGKILLs the hub (not the national server). */
export async function runHubSoak(options: SoakOptions): Promise<HubSoakReport> {
  const random = seededRandom(options.seed);
  const backend = await hubBackend(options.databaseUrl);
  let killsLeft = options.kills ?? 0;
  let faulting = true;
  const officeFaults: Array<() => Fault> = [
    () => ({ kind: 'pass' }),
    () => ({ kind: 'pass' }),
    () => ({ kind: 'drop-response' }),
    () => ({ kind: 'truncate-request' }),
    () => ({ kind: 'status', status: 503, code: 'unavailable' }),
    () => ({ kind: 'status', status: 502, code: 'bad_gateway' }),
  ];
  // The uplink fails one request in four: its forwarder backs off (2 s doubling), so a higher rate
  // would spend the soak waiting rather than forwarding.
  const uplinkFaults: Array<() => Fault> = [
    () => ({ kind: 'drop-response' }),
    () => ({ kind: 'truncate-request' }),
    () => ({ kind: 'status', status: 503, code: 'unavailable' }),
  ];
  const sent = new Set<string>();
  let closed = false;
  const devices: TestDevice[] = [];
  const learners: string[] = [];
  let hub: TestHub | undefined;
  let office: FaultProxy | undefined;
  try {
    for (let d = 0; d < options.devices; d++) {
      const { id, token, deviceId } = await backend.createLearner(d);
      learners.push(id);
      // Some phones "die" after sending, before recording the answer: the resend must de-duplicate.
      const dying = (input: string | URL | Request, init?: RequestInit) =>
        fetch(input, init).then(async (res) => {
          if (faulting && String(input).includes('/api/sync/push') && random() < 0.1) {
            await res.arrayBuffer();
            throw new Error('app killed after send');
          }
          return res;
        });
      const device = await createTestDevice({
        baseUrl: backend.url,
        learner: { id, token, deviceId },
        fetch: dying,
        requestTimeoutMs: 5000,
      });
      // Signed in at home: the phone registers its key, which the hub learns from its first mirror.
      faulting = false;
      await device.syncUntilDrained(1);
      faulting = true;
      devices.push(device);
    }
    hub = await backend.startHub(killsLeft > 0 ? 'child' : 'in-process', (n) =>
      faulting && n < options.maxRequests && random() < 0.25
        ? uplinkFaults[Math.floor(random() * uplinkFaults.length)]!()
        : { kind: 'pass' },
    );
    const started = hub;
    // The phone asks the hub's status before each sync and goes to the national server when it
    // gets no answer; the status passes, so that the faults hit the syncs at the office.
    office = await startFaultProxy(hub.url, (n, path) =>
      faulting && n < options.maxRequests && !path.startsWith('/api/hub/status')
        ? officeFaults[Math.floor(random() * officeFaults.length)]!()
        : { kind: 'pass' },
    );
    const officeLink = office;
    for (const device of devices) {
      await setHub(device, hub, office.url);
      // At the office the national server is out of reach: a phone whose hub does not answer (killed,
      // or its status lost) waits, rather than going around it.
      device.ctx.baseUrl = OUT_OF_REACH;
    }
    const deadline = Date.now() + options.seconds * 1000;
    let round = 0;
    while (Date.now() < deadline && officeLink.log.length < options.maxRequests) {
      const killing =
        killsLeft > 0 && random() < 0.5
          ? (killsLeft--, new Promise((r) => setTimeout(r, random() * 500)).then(() => started.killAndRestart()))
          : Promise.resolve();
      await Promise.all(
        devices.map(async (device, d) => {
          await enqueueRandomProgress(device, learners[d]!, backend.course, random, round, sent);
          // Held items are offered again too (as after the phone's ten-minute recheck).
          await device.db.outbox.toCollection().modify({ nextTryAt: 0 });
          await device.syncUntilDrained(2);
        }),
      );
      await killing;
      round++;
    }
    while (killsLeft > 0) {
      killsLeft--;
      await started.killAndRestart();
    }
    faulting = false;
    for (const device of devices) {
      await device.db.outbox.toCollection().modify({ nextTryAt: 0 });
      await syncUntilNothingDue(device, 50);
    }
    // The forwarder may be in its longest backoff after a run of uplink faults (at most a minute here).
    await started.drained(180_000);
    for (const device of devices) {
      // Home: the phone confirms what the hub forwarded (reconcile), and pushes what it never held.
      await deleteState(device.db, 'hub');
      device.ctx.baseUrl = backend.url;
      await device.db.outbox.toCollection().modify({ nextTryAt: 0 });
      await device.syncUntilDrained(200);
    }
    let deadLetter = 0;
    let unconfirmed = 0;
    for (const device of devices) {
      deadLetter += await device.db.outbox.where('state').equals('dead').count();
      unconfirmed += await device.db.outbox.filter((r) => r.state !== 'synced').count();
    }
    const viaHub = await backend.carriedBy(started.hubId, learners);
    const uplink = started.uplink;
    const rows = await backend.countAndClose(learners);
    closed = true;
    const stored = new Set(rows.map((r) => r.id));
    return {
      seed: options.seed,
      sent: sent.size,
      stored: stored.size,
      lost: [...sent].filter((id) => !stored.has(id)).length,
      duplicated: rows.reduce((sum, r) => sum + (r.n - 1), 0),
      unexpected: [...stored].filter((id) => !sent.has(id)).length,
      deadLetter,
      unconfirmed,
      viaHub,
      requests: officeLink.log.length,
      kills: options.kills ?? 0,
      faults: tally(officeLink),
      uplinkRequests: uplink.log.length,
      uplinkFaults: tally(uplink),
    };
  } finally {
    await Promise.all(devices.map((d) => d.close()));
    await office?.close();
    if (!closed) await backend.countAndClose([]).catch(() => undefined);
  }
}
