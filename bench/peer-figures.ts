// Lentera beside the PouchDB peer (bench/peer): the same generated post-test attempts pushed and
// then replayed, Lentera through its real client engine (src/sync's pushOutbox on Dexie /
// fake-indexeddb) to the real server on PostgreSQL, the peer by PouchDB replication to
// express-pouchdb on LevelDB. Both over loopback through a relay that counts every byte both ways.
// Before Dexie loads: the simulated phone's IndexedDB.
import 'fake-indexeddb/auto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutboxRow } from '../src/db/learning-records';
import { createApp } from '../src/server/create-app';
import { testConfig } from '../src/server/config';
import type { AnswerItem, AttemptItem, SyncItem } from '../src/shared/sync/sync-item';
import { pushOutbox } from '../src/sync/push-outbox';
import { createTestDevice } from '../tests/server/harness/test-device';
import { serveTestApp } from '../tests/server/harness/serve-test-app';
import { learnerWithToken } from '../tests/server/sync-fixtures';
import { openBenchStore, type StoreKindName } from './bench-store';
import { outboxRows } from './sync-wire';
import { startByteCounter } from './byte-counting-proxy';
import { POSTTEST_ITEMS_PER_ATTEMPT, makePostTestAttempts, seedPostTest } from './posttest-attempts';

/** One timed pass of either side: its wall time and everything that crossed the relay. */
export interface SyncPass {
  ms: number;
  bytesUp: number;
  bytesDown: number;
  requests: number;
}

export interface PeerComparison {
  attempts: number;
  lentera: { store: StoreKindName; push: SyncPass; replay: SyncPass };
  peer: { push: SyncPass; replay: SyncPass };
}

const PEER_DIR = 'bench/peer';

/** Installs the peer's own dependencies (its lockfile, `npm ci`) the first time the bench needs them. */
export function ensurePeerInstalled(): void {
  if (existsSync(join(PEER_DIR, 'node_modules', 'express-pouchdb'))) return;
  console.log('[bench] installing the PouchDB peer (npm ci --prefix bench/peer) …');
  const run = spawnSync('npm', ['ci', '--prefix', PEER_DIR, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`npm ci --prefix ${PEER_DIR} exited ${run.status}`);
}

/** Pushes then replays `attempts` post-tests on both sides. */
export async function benchPeer(attempts: number, store: StoreKindName): Promise<PeerComparison> {
  ensurePeerInstalled();
  const lentera = await lenteraPushAndReplay(attempts, store);
  const peer = peerPushAndReplay(attempts);
  return { attempts, lentera, peer };
}

/** The peer in its own Node process (its own dependencies), on the same shape of attempts. */
function peerPushAndReplay(attempts: number): { push: SyncPass; replay: SyncPass } {
  const dir = mkdtempSync(join(tmpdir(), 'lentera-peer-input-'));
  try {
    const file = join(dir, 'attempts.json');
    writeFileSync(file, JSON.stringify(asAttemptDocs(makePostTestAttempts(crypto.randomUUID(), attempts))));
    const run = spawnSync(process.execPath, [join(PEER_DIR, 'peer-bench.mjs'), file], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (run.status !== 0) throw new Error(`peer exited ${run.status}: ${run.stderr.slice(-400)}`);
    const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { push: SyncPass; replay: SyncPass };
    return { push: pass(out.push), replay: pass(out.replay) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pass = (p: SyncPass): SyncPass => ({
  ms: p.ms,
  bytesUp: p.bytesUp,
  bytesDown: p.bytesDown,
  requests: p.requests,
});

/** Items in queue order → one { attempt, answers } per attempt (the peer's one document per attempt). */
function asAttemptDocs(items: SyncItem[]): Array<{ attempt: AttemptItem; answers: AnswerItem[] }> {
  const out: Array<{ attempt: AttemptItem; answers: AnswerItem[] }> = [];
  let answers: AnswerItem[] = [];
  for (const item of items) {
    if (item.kind === 'answer') answers.push(item);
    else if (item.kind === 'attempt') {
      out.push({ attempt: item, answers });
      answers = [];
    }
  }
  return out;
}

/**
 * Lentera: the attempts queued in a simulated phone's outbox (untimed, as the app leaves them),
 * then `pushOutbox` — the engine's own push loop, adaptive batches and all — until nothing is
 * pending. Replay: every row set back to pending (a phone that lost its sync state) and pushed
 * again; every item must come back `duplicate`.
 */
async function lenteraPushAndReplay(
  attempts: number,
  kind: StoreKindName,
): Promise<{ store: StoreKindName; push: SyncPass; replay: SyncPass }> {
  const { store, drop } = await openBenchStore(kind);
  try {
    await seedPostTest(store);
    const learner = await learnerWithToken(store, `peer-${crypto.randomUUID()}`);
    const server = await serveTestApp(createApp(store, testConfig()));
    const relay = await startByteCounter(server.url);
    let requests = 0;
    const device = await createTestDevice({
      baseUrl: relay.url,
      learner,
      requestTimeoutMs: 120_000,
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    });
    try {
      // As the app leaves them: one row per finished post-test, its 12 answers carried in it.
      const rows: OutboxRow[] = outboxRows(learner.id, attempts);
      await device.db.outbox.bulkAdd(rows);
      const timedPush = async (): Promise<SyncPass> => {
        relay.reset();
        requests = 0;
        const start = performance.now();
        // Rows, counted in the index: reading them to count their items would be timed too.
        for (let run = 0; run < 10 && (await device.pendingRows()) > 0; run++) {
          const report = await pushOutbox(device.ctx);
          if (report.lastError) throw new Error(`push failed: ${JSON.stringify(report.lastError)}`);
        }
        const ms = performance.now() - start;
        if ((await device.pendingRows()) > 0) throw new Error('the outbox did not drain in 10 runs');
        return { ms, bytesUp: relay.bytes.up, bytesDown: relay.bytes.down, requests };
      };
      const push = await timedPush();
      await expectStored(store, attempts);
      // Back to pending, untimed: the same rows, the same order, sent again.
      await device.db.outbox.bulkPut(rows);
      const replay = await timedPush();
      await expectStored(store, attempts);
      const synced = await device.db.outbox
        .where('[state+nextTryAt]')
        .between(['synced', -Infinity], ['synced', Infinity])
        .count();
      if (synced !== rows.length) throw new Error(`${synced} of ${rows.length} rows synced after the replay`);
      return { store: kind, push, replay };
    } finally {
      await device.close();
      await relay.close();
      await server.close();
    }
  } finally {
    await drop();
  }
}

/** Every attempt and answer stored once, every attempt graded. */
async function expectStored(store: Awaited<ReturnType<typeof openBenchStore>>['store'], attempts: number) {
  const { rows } = await store.query<{ items: number; graded: number }>(
    `SELECT (SELECT count(*)::int FROM sync_items) AS items,
            (SELECT count(*)::int FROM attempts WHERE graded_at IS NOT NULL) AS graded`,
  );
  const want = attempts * POSTTEST_ITEMS_PER_ATTEMPT;
  if (rows[0]!.items !== want || rows[0]!.graded !== attempts)
    throw new Error(`stored ${rows[0]!.items} items of ${want}, graded ${rows[0]!.graded} of ${attempts}`);
}
