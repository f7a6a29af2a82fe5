// Ingest: attempts/s through the real push endpoint (HTTP over loopback, gzip batches of BATCH_ITEMS = 2,000 items)
// against a raw insert of the same rows (the push's own row builders and its one multi-row
// INSERT … SELECT FROM jsonb_to_recordset per table and batch), same store kind, same run; then the
// batches replayed. The unit is a post-test attempt (12 answers + the attempt, bench/posttest-attempts.ts)
// or, for the extra one-question figures, bench/attempt-items.ts.
import { randomUUID } from 'node:crypto';
import { createApp } from '../src/server/create-app';
import { testConfig } from '../src/server/config';
import type { SyncItem } from '../src/shared/sync/sync-item';
import type { Store } from '../src/server/store/store';
import { contentHash } from '../src/server/sync/content-hash';
import { attemptRows, insertAttemptRows } from '../src/server/sync/insert-attempts';
import { insertSyncItemRows, syncItemRows } from '../src/server/sync/insert-sync-items';
import { serveTestApp } from '../tests/server/harness/serve-test-app';
import { learnerWithToken, seedQuizzes } from '../tests/server/sync-fixtures';
import { ITEMS_PER_ATTEMPT, batches, makeAttempts } from './attempt-items';
import { openBenchStore, type StoreKindName } from './bench-store';
import { POSTTEST_ITEMS_PER_ATTEMPT, makePostTestAttempts, seedPostTest } from './posttest-attempts';
import { preparePush, sendPrepared } from './push-over-http';

/**
 * Items per pushed batch: a phone's packed batch on office Wi-Fi after its first (2,000, then 4,000 and
 * up to the server's 8,000 cap). Kept at 2,000 so the figures compare with the runs before the cap rose.
 */
const BATCH_ITEMS = 2000;

export interface IngestResult {
  httpPerS: number;
  rawPerS: number;
  replayPerS: number;
  attempts: number;
  itemsPerAttempt: number;
  batchItems: number;
  learners: number;
}

/** What one attempt is: how to publish its quiz and make `count` of them for a learner. */
export interface AttemptUnit {
  name: 'posttest' | 'one-question';
  itemsPerAttempt: number;
  seed: (store: Store) => Promise<void>;
  /** `count` finished attempts, sequence numbers from 1, the first finished at `at` (default now). */
  make: (learnerId: string, count: number, at?: number) => SyncItem[];
}

export const POSTTEST_UNIT: AttemptUnit = {
  name: 'posttest',
  itemsPerAttempt: POSTTEST_ITEMS_PER_ATTEMPT,
  seed: seedPostTest,
  make: (learnerId, count, at) => makePostTestAttempts(learnerId, count, 1, at),
};

export const ONE_QUESTION_UNIT: AttemptUnit = {
  name: 'one-question',
  itemsPerAttempt: ITEMS_PER_ATTEMPT,
  seed: seedQuizzes,
  make: (learnerId, count, at) => makeAttempts(learnerId, count, 1, at),
};

const LEARNERS = 8;

/** Measures one store kind; `attempts` finished attempts of `unit` in batches of BATCH_ITEMS items. */
export async function benchIngest(kind: StoreKindName, attempts: number, unit: AttemptUnit): Promise<IngestResult> {
  const { store, drop } = await openBenchStore(kind);
  try {
    await unit.seed(store);
    const learners: Array<Awaited<ReturnType<typeof learnerWithToken>>> = [];
    for (let i = 0; i < LEARNERS; i++) learners.push(await learnerWithToken(store, `bench-${i}-${randomUUID()}`));
    // Round-robin batches over the learners, as many phones' pushes arrive at a server.
    const perLearner = learners.map((l, i) =>
      batches(unit.make(l.id, Math.floor(attempts / LEARNERS) + (i < attempts % LEARNERS ? 1 : 0)), BATCH_ITEMS),
    );
    const work: Array<{ learner: (typeof learners)[number]; items: SyncItem[] }> = [];
    for (let b = 0; b < Math.max(...perLearner.map((p) => p.length)); b++)
      perLearner.forEach((p, i) => p[b] && work.push({ learner: learners[i]!, items: p[b]! }));

    const rawMs = await timeRawInserts(
      store,
      work.map((w) => ({ deviceId: w.learner.deviceId, items: w.items })),
    );
    await store.query('TRUNCATE sync_items, attempts');

    const server = await serveTestApp(createApp(store, testConfig()));
    try {
      const pushes = work.map((w) => preparePush(w.learner.token, w.learner.deviceId, w.items));
      const httpMs = await timePushes(server.url, pushes, 'accepted');
      const replayMs = await timePushes(server.url, pushes, 'duplicate');
      const n = work.reduce((sum, w) => sum + w.items.length, 0) / unit.itemsPerAttempt;
      return {
        httpPerS: Math.round(n / (httpMs / 1000)),
        rawPerS: Math.round(n / (rawMs / 1000)),
        replayPerS: Math.round(n / (replayMs / 1000)),
        attempts: n,
        itemsPerAttempt: unit.itemsPerAttempt,
        batchItems: BATCH_ITEMS,
        learners: LEARNERS,
      };
    } finally {
      await server.close();
    }
  } finally {
    await drop();
  }
}

async function timePushes(url: string, pushes: ReturnType<typeof preparePush>[], expected: string): Promise<number> {
  const start = performance.now();
  for (const push of pushes) {
    const counts = await sendPrepared(url, push);
    if (counts[expected] !== push.count) throw new Error(`expected all ${expected}, got ${JSON.stringify(counts)}`);
  }
  return performance.now() - start;
}

/**
 * The rows the endpoint stores (sync_items + attempts), built by the push's own row functions and
 * inserted per batch in one transaction by its own statements: only the HTTP, checks and grading differ.
 */
async function timeRawInserts(store: Store, work: Array<{ deviceId: string; items: SyncItem[] }>): Promise<number> {
  const prepared = work.map(({ deviceId, items }) => ({
    items: JSON.stringify(
      syncItemRows(
        items.map((item) => ({ item, hash: contentHash(item) })),
        deviceId,
      ),
    ),
    attempts: JSON.stringify(
      attemptRows(
        items.flatMap((item) => (item.kind === 'attempt' ? [{ item, role: 'pretest', grade: null }] : [])),
        deviceId,
      ),
    ),
  }));
  const start = performance.now();
  for (const batch of prepared) {
    await store.transaction(async (tx) => {
      await insertSyncItemRows(tx, batch.items);
      await insertAttemptRows(tx, batch.attempts);
    });
  }
  return performance.now() - start;
}
