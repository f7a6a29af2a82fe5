import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { runHubSoak } from '../../scripts/soak-through-hub';
import { deleteState, writeState } from '../../src/db/sync-state';
import type { UnsequencedItem } from '../../src/db/learning-records';
import { startFaultProxy, type Fault, type FaultProxy } from './harness/fault-proxy';
import { seededRandom } from './harness/seeded-random';
import { serveTestApp } from './harness/serve-test-app';
import { createTestDevice, type TestDevice } from './harness/test-device';
import { HUB_KECAMATAN, setHub, startTestHub, type TestHub } from './harness/test-hub';
import { testSize } from './harness/test-size';
import { attemptWithAnswers, countStored, learnerWithToken, progressItem, seedQuizzes } from './sync-fixtures';
import { useTestApp } from './test-app';
import { describeEachStore } from './test-stores';

// Reliability scenarios 1, 2, 5 and 8 of docs/reliability.md "through a hub" (17–20 there): the real
// sync engine (test-device.ts) at the office talks to a kecamatan hub — a real child server on
// PGlite, so it can be SIGKILLed — through one fault proxy (the office Wi-Fi), and the hub's uplink
// goes through another to the national server (in this process, on each store). Each scenario ends
// the same way: the hub has forwarded everything, the phone syncs at home, and then the national
// server holds every item exactly once, carried by the hub, and every outbox row is confirmed.

// `npm test`: one kill during 4 phones × 30 items; `npm run test:long`: three kills during 8 × 120.
const KILL = testSize({ fast: { kills: 1, phones: 4, items: 30 }, long: { kills: 3, phones: 8, items: 120 } });

/** No server listens on the discard port. */
const OUT_OF_REACH = 'http://127.0.0.1:9';

// Scenario 21, the soak through a hub: `npm test` a few seconds with the hub in-process (no kill);
// `npm run test:long` a minute with the hub a child process SIGKILLed three times.
const SOAK = testSize({
  fast: { seconds: 4, devices: 3, maxRequests: 300, kills: 0 },
  long: { seconds: 60, devices: 6, maxRequests: 3000, kills: 3 },
});

type Learner = { id: string; token: string; deviceId: string };

describeEachStore('sync reliability through a hub', (kind) => {
  const t = useTestApp(kind);
  let national: { url: string; close: () => Promise<void> };
  let hub: TestHub;
  let adminToken: string;
  /** The office Wi-Fi between the phones and the hub. */
  let office: FaultProxy;
  let officeFault: (path: string) => Fault = () => ({ kind: 'pass' });
  let uplinkFault: (path: string) => Fault = () => ({ kind: 'pass' });
  const learners = new Map<string, Learner>();
  const databaseOf = (name: string) => `device-${name}-${kind.name}`;
  const names = ['h1', 'h2', 'h8', ...Array.from({ length: KILL.phones }, (_, i) => `h5-${i}`)];

  beforeAll(async () => {
    await seedQuizzes(t.store);
    await t.store.query(
      `INSERT INTO regions (code, parent_code, level, name) VALUES ($1, '34.02', 3, 'Srandakan') ON CONFLICT DO NOTHING`,
      [HUB_KECAMATAN],
    );
    national = await serveTestApp(t.app);
    const admin = await learnerWithToken(t.store, 'admin-hub-reliability', 'admin');
    // Every learner signs in, and registers the phone's key, at home before the hub is set up:
    // the hub knows them from its first mirror (the next one is five minutes later).
    for (const name of names) {
      const learner = await learnerWithToken(t.store, name);
      const device = await createTestDevice({ baseUrl: national.url, learner, databaseName: databaseOf(name) });
      await device.syncUntilDrained(1);
      learners.set(name, learner);
      device.crash(); // the phone's IndexedDB, with its key, stays for phoneAtOffice
    }
    adminToken = admin.token;
    hub = await startTestHub({
      nationalUrl: national.url,
      adminToken,
      process: 'in-process',
      uplinkFault: (_n, path) => uplinkFault(path),
    });
    office = await startFaultProxy(hub.url, (_n, path) => officeFault(path));
  }, 120_000);
  afterAll(async () => {
    await office?.close();
    await hub?.stop();
    await national?.close();
  });

  /** The phone of learner `name` (its key registered at home), with the office's hub set. */
  async function phoneAtOffice(
    name: string,
    fetchFn?: typeof fetch,
    at: { hub: TestHub; office: FaultProxy } = { hub, office },
  ) {
    const learner = learners.get(name)!;
    const device = await createTestDevice({
      baseUrl: national.url,
      learner,
      deviceId: learner.deviceId,
      databaseName: databaseOf(name),
      ...(fetchFn ? { fetch: fetchFn } : {}),
      requestTimeoutMs: 5000,
    });
    await setHub(device, at.hub, at.office.url);
    // At the office the national server is out of reach (no signal, the uplink is the hub's): a
    // phone whose hub does not answer cannot go around it.
    device.ctx.baseUrl = OUT_OF_REACH;
    return { learner, device };
  }

  async function queueWork(device: TestDevice, learnerId: string, attempts: number): Promise<string[]> {
    const items: UnsequencedItem[] = [];
    for (let i = 0; i < attempts; i++) {
      const { attempt, answers } = attemptWithAnswers(learnerId, 'pretest', [i % 2 === 0, true]);
      items.push(...answers, attempt);
      items.push(progressItem(learnerId, `l${i}`, { completed: true, position: 1, hlc: `${Date.now()}:${i}:x` }));
    }
    for (const item of items) await device.enqueue(item);
    return items.map((i) => i.id);
  }

  /** Syncs at the office until the hub holds everything (no row is due any more). */
  async function syncUntilHeld(device: TestDevice, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const report = await device.syncUntilDrained(1);
      const due = await device.db.outbox
        .where('[state+nextTryAt]')
        .between(['pending', -Infinity], ['pending', Date.now()])
        .count();
      if (due === 0 && report.lastError === undefined) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${device.db.name}: still items due after ${timeoutMs} ms of syncs at the office`);
  }

  /**
   * The phone holds every item as `held` by this hub — or already confirmed through it: a bundle
   * wakes the hub's forwarder, so a retried push may reach the hub after the national server has
   * stored the items, and the hub then answers `duplicate`. Nothing is dead or missing.
   */
  async function expectHeld(device: TestDevice, ids: string[], by = hub) {
    const rows = await device.db.outbox.where('id').anyOf(ids).toArray();
    expect(rows).toHaveLength(ids.length);
    const carried = new Map((await device.db.carriedItems.bulkGet(ids)).map((c, i) => [ids[i], c]));
    for (const row of rows) {
      const heldHere = row.state === 'pending' && carried.get(row.id)?.fileName === `hub:${by.hubId}`;
      expect(heldHere || row.state === 'synced', `${row.id}: ${row.state}`).toBe(true);
    }
  }

  /** After the hub forwarded: at home the phone confirms every item; the national server holds each once, carried by the hub. */
  async function expectDeliveredOnce(device: TestDevice, ids: string[], by = hub) {
    await by.drained();
    await deleteState(device.db, 'hub');
    device.ctx.baseUrl = national.url;
    const report = await device.syncUntilDrained(3);
    expect(report.lastError).toBeUndefined();
    const rows = await device.db.outbox.bulkGet(await device.db.outbox.where('id').anyOf(ids).primaryKeys());
    expect(rows.map((r) => r?.state)).toEqual(Array(ids.length).fill('synced'));
    expect(await device.db.carriedItems.count()).toBe(0);
    const counts = await countStored(t.store, ids);
    expect(counts.size).toBe(ids.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const carriers = await t.store.query<{ hub: string | null }>(
      `SELECT DISTINCT carried_by_hub::text AS hub FROM sync_items WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    expect(carriers.rows).toEqual([{ hub: by.hubId }]);
  }

  const isPush = (path: string) => path.startsWith('/api/sync/push');
  const isForward = (path: string) => path.startsWith('/api/hub/bundles');
  /** Applies `fault` to the next `n` requests that `match`, then passes everything. */
  const faultNext = (n: number, match: (path: string) => boolean, fault: Fault) => {
    let left = n;
    return (path: string): Fault => (match(path) && left-- > 0 ? fault : { kind: 'pass' });
  };

  it('17. (1 through a hub) the hub stores but its answer to the phone is lost, and the national answer to the hub is lost → exactly one row per id', async () => {
    const { learner, device } = await phoneAtOffice('h1');
    const ids = await queueWork(device, learner.id, 3);
    officeFault = faultNext(2, isPush, { kind: 'drop-response' });
    uplinkFault = faultNext(1, isForward, { kind: 'drop-response' });
    const officeBefore = office.log.length;
    const uplinkBefore = hub.uplink.log.length;
    await syncUntilHeld(device);
    await expectHeld(device, ids);
    await expectDeliveredOnce(device, ids);
    expect(office.log.slice(officeBefore).filter((l) => l.fault === 'drop-response')).toHaveLength(2);
    // The national server stored the first forward, the hub never heard it, and sent it again.
    const forwards = hub.uplink.log.slice(uplinkBefore).filter((l) => isForward(l.path));
    expect(forwards.map((l) => l.fault).slice(0, 2)).toEqual(['drop-response', 'pass']);
    await device.close();
  });

  it('18. (2 through a hub) the push to the hub and the hub’s forward are both cut mid-body → nothing partial is held or stored; the retries deliver everything once', async () => {
    const { learner, device } = await phoneAtOffice('h2');
    const ids = await queueWork(device, learner.id, 3);
    await hub.drained();
    const waitingBefore = (await hub.status()).waitingBundles;
    officeFault = faultNext(1, isPush, { kind: 'truncate-request' });
    const first = await device.syncUntilDrained(1);
    expect(first.lastError).toBeDefined();
    // Nothing of the cut request is held: the phone keeps every item due, none marked carried.
    expect(await device.pending()).toBe(ids.length);
    expect(await device.db.carriedItems.count()).toBe(0);
    // …and the hub holds no bundle of it.
    expect((await hub.status()).waitingBundles).toBe(waitingBefore);
    uplinkFault = faultNext(1, isForward, { kind: 'truncate-request' });
    const uplinkBefore = hub.uplink.log.length;
    await syncUntilHeld(device);
    await expectHeld(device, ids);
    await expectDeliveredOnce(device, ids);
    const forwards = hub.uplink.log.slice(uplinkBefore).filter((l) => isForward(l.path));
    expect(forwards[0]?.fault).toBe('truncate-request');
    await device.close();
  });

  it(
    `19. (5 through a hub) the hub SIGKILLed ${KILL.kills}× while ${KILL.phones} phones push to it → every held item is delivered once`,
    async () => {
      const seed = Number(process.env.LENTERA_SEED ?? Date.now() % 100_000);
      const random = seededRandom(seed);
      let inFlight = 0;
      /** Pushes that got no answer: cut by a kill, or refused while the hub was down. */
      let failedPushes = 0;
      const counting: typeof fetch = async (input, init) => {
        const push = isPush(new URL(String(input)).pathname);
        if (push) inFlight++;
        try {
          return await fetch(input, init);
        } catch (err) {
          if (push) failedPushes++;
          throw err;
        } finally {
          if (push) inFlight--;
        }
      };
      // A hub that can be killed: a child server (another office's laptop, set up now that every
      // learner of this file is known), with a clean uplink and its own office Wi-Fi.
      const killable = await startTestHub({ nationalUrl: national.url, adminToken, process: 'child' });
      const wifi = await startFaultProxy(killable.url, () => ({ kind: 'pass' }));
      const at = { hub: killable, office: wifi };
      const phones = await Promise.all(
        Array.from({ length: KILL.phones }, (_, i) => phoneAtOffice(`h5-${i}`, counting, at)),
      );
      const sent = await Promise.all(
        phones.map(({ device, learner }) => queueWork(device, learner.id, KILL.items / 3)),
      );
      // Small batches, so that the phones' pushes are many and a kill lands inside one.
      for (const { device } of phones) await writeState(device.db, 'pushBatchSize', 5);
      const killsInFlight: boolean[] = [];
      const killer = (async () => {
        for (let k = 0; k < KILL.kills; k++) {
          const pushesSeen = wifi.log.filter((l) => isPush(l.path)).length;
          const after = pushesSeen + 1 + Math.floor(random() * 6);
          // Wait until a push is on its way to the hub, some pushes after the last kill.
          while (!(inFlight > 0 && wifi.log.filter((l) => isPush(l.path)).length >= after)) {
            await new Promise((r) => setTimeout(r, 2));
          }
          killsInFlight.push(inFlight > 0);
          await killable.killAndRestart();
        }
      })();
      await Promise.all(phones.map(({ device }) => syncUntilHeld(device, 240_000)));
      await killer;
      expect(killsInFlight, `seed ${seed}`).toEqual(Array(KILL.kills).fill(true));
      // The kills really hit the phones' pushes (else this proves nothing about a kill while ingesting).
      expect(failedPushes, `seed ${seed}`).toBeGreaterThanOrEqual(KILL.kills);
      // Each item is held — or already confirmed: a push whose answer the kill swallowed is sent again,
      // and what the hub had forwarded meanwhile comes back `duplicate`.
      for (const [i, { device }] of phones.entries()) {
        const rows = await device.db.outbox.where('id').anyOf(sent[i]!).toArray();
        const carried = new Set((await device.db.carriedItems.toArray()).map((c) => c.id));
        expect(rows.every((r) => r.state === 'synced' || (r.state === 'pending' && carried.has(r.id)))).toBe(true);
      }
      for (const [i, { device }] of phones.entries()) await expectDeliveredOnce(device, sent[i]!, killable);
      await Promise.all(phones.map(({ device }) => device.close()));
      await wifi.close();
      await killable.stop();
      // A child server's start (tsx compiles the server) takes seconds on a quiet machine and up to a
      // minute on two busy cores: one start and one restart per kill, hence the timeout.
    },
    240_000 + KILL.kills * 180_000,
  );

  it('20. (8 through a hub) the app is killed after its push left for the hub; started again on the same outbox it resends and nothing is duplicated', async () => {
    const learner = learners.get('h8')!;
    let killed = false;
    const first = await phoneAtOffice('h8', async (input, init) => {
      const res = await fetch(input, init);
      if (!killed && isPush(new URL(String(input)).pathname)) {
        killed = true;
        await res.arrayBuffer(); // the hub answered `held`; the app dies before it reads the answer
        first.device.crash();
        throw new Error('app killed');
      }
      return res;
    });
    const ids = await queueWork(first.device, learner.id, 3);
    await expect(first.device.syncUntilDrained(1)).rejects.toThrow();
    expect(killed).toBe(true);
    // Relaunched on the same IndexedDB: every item still queued and not marked held.
    const { device } = await phoneAtOffice('h8');
    expect(await device.pending()).toBe(ids.length);
    expect(await device.db.carriedItems.count()).toBe(0);
    await syncUntilHeld(device);
    await expectHeld(device, ids);
    await expectDeliveredOnce(device, ids);
    await device.close();
  });
});

it(
  `21. randomised fault soak through a hub${SOAK.kills ? `, ${SOAK.kills} SIGKILLs of the hub` : ''} → lost = duplicated = unexpected = 0, every row confirmed`,
  async () => {
    const { seconds, devices, maxRequests, kills } = SOAK;
    const report = await runHubSoak({
      seconds,
      devices,
      maxRequests,
      kills,
      seed: Number(process.env.LENTERA_SEED ?? Date.now() % 100_000),
      databaseUrl: inject('postgresUrl') ?? undefined,
    });
    expect(report.sent).toBeGreaterThan(30);
    expect(Object.keys(report.faults).length).toBeGreaterThan(2); // faults really were injected at the office
    const figures = {
      lost: report.lost,
      duplicated: report.duplicated,
      unexpected: report.unexpected,
      deadLetter: report.deadLetter,
      unconfirmed: report.unconfirmed,
    };
    expect(figures, `seed ${report.seed}`).toEqual({
      lost: 0,
      duplicated: 0,
      unexpected: 0,
      deadLetter: 0,
      unconfirmed: 0,
    });
    expect(report.stored).toBe(report.sent);
    // Everything went through the hub: at home the phones only confirmed.
    expect(report.viaHub).toBe(report.sent);
    // Seconds of soak, then the hub's forward (its backoff after uplink faults) and a sync at home per phone.
  },
  120_000 + SOAK.seconds * 2000 + SOAK.kills * 180_000,
);
