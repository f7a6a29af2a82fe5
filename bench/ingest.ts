// Ingest: attempts/s through the real push endpoint (HTTP over loopback, gzip batches of 500 items)
// against the best raw SQL insert of the same rows (one multi-row INSERT … SELECT FROM
// jsonb_to_recordset per table and batch), same store kind, same run; then the batches replayed.
import { randomUUID } from 'node:crypto';
import { clientTimeOf, toIsoOrNull } from '../src/server/sync/check-push-item';
import { createApp } from '../src/server/create-app';
import { testConfig } from '../src/server/config';
import { MAX_PUSH_ITEMS } from '../src/shared/sync/protocol';
import type { SyncItem } from '../src/shared/sync/sync-item';
import type { Store } from '../src/server/store/store';
import { serveTestApp } from '../tests/server/harness/serve-test-app';
import { learnerWithToken, seedQuizzes } from '../tests/server/sync-fixtures';
import { ITEMS_PER_ATTEMPT, batches, makeAttempts } from './attempt-items';
import { openBenchStore, type StoreKindName } from './bench-store';
import { preparePush, sendPrepared } from './push-over-http';

export interface IngestResult {
  httpPerS: number;
  rawPerS: number;
  replayPerS: number;
  attempts: number;
  batchItems: number;
  learners: number;
}

const LEARNERS = 8;

/** Measures one store kind; `attempts` finished attempts (2 sync items each) in batches of 500 items. */
export async function benchIngest(kind: StoreKindName, attempts: number): Promise<IngestResult> {
  const { store, drop } = await openBenchStore(kind);
  try {
    await seedQuizzes(store);
    const learners: Array<Awaited<ReturnType<typeof learnerWithToken>>> = [];
    for (let i = 0; i < LEARNERS; i++) learners.push(await learnerWithToken(store, `bench-${i}-${randomUUID()}`));
    // Round-robin batches over the learners, as many phones' pushes arrive at a server.
    const perLearner = learners.map((l, i) =>
      batches(makeAttempts(l.id, Math.floor(attempts / LEARNERS) + (i < attempts % LEARNERS ? 1 : 0)), MAX_PUSH_ITEMS),
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
      const n = work.reduce((sum, w) => sum + w.items.length, 0) / ITEMS_PER_ATTEMPT;
      return {
        httpPerS: Math.round(n / (httpMs / 1000)),
        rawPerS: Math.round(n / (rawMs / 1000)),
        replayPerS: Math.round(n / (replayMs / 1000)),
        attempts: n,
        batchItems: MAX_PUSH_ITEMS,
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

/** The rows the endpoint stores (sync_items + attempts), inserted per batch in one transaction. */
async function timeRawInserts(store: Store, work: Array<{ deviceId: string; items: SyncItem[] }>): Promise<number> {
  const prepared = work.map(({ deviceId, items }) => ({
    items: JSON.stringify(
      items.map((item) => ({
        id: item.id,
        learner_id: item.learnerId,
        device_id: deviceId,
        kind: item.kind,
        item,
        client_time: clientTimeOf(item),
        device_seq: item.seq,
        attempt_id: item.kind === 'answer' ? item.attemptId : null,
      })),
    ),
    attempts: JSON.stringify(
      items.flatMap((item) =>
        item.kind === 'attempt'
          ? [
              {
                id: item.id,
                learner_id: item.learnerId,
                course_id: item.courseId,
                course_version: item.courseVersion,
                quiz_id: item.quizId,
                mode: item.mode,
                role: 'pretest',
                started_at: toIsoOrNull(item.startedAt),
                finished_at: toIsoOrNull(item.finishedAt),
                device_id: deviceId,
                answer_ids: item.answerIds,
              },
            ]
          : [],
      ),
    ),
  }));
  const start = performance.now();
  for (const batch of prepared) {
    await store.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO sync_items (id, learner_id, device_id, kind, item, client_time, device_seq, attempt_id)
         SELECT * FROM jsonb_to_recordset($1::text::jsonb) AS x(id uuid, learner_id uuid, device_id uuid, kind text,
                item jsonb, client_time timestamptz, device_seq bigint, attempt_id uuid)`,
        [batch.items],
      );
      await tx.query(
        `INSERT INTO attempts (id, learner_id, course_id, course_version, quiz_id, mode, role, started_at, finished_at,
                               device_id, answer_ids)
         SELECT * FROM jsonb_to_recordset($1::text::jsonb) AS x(id uuid, learner_id uuid, course_id text,
                course_version text, quiz_id text, mode text, role text, started_at timestamptz,
                finished_at timestamptz, device_id uuid, answer_ids jsonb)`,
        [batch.attempts],
      );
    });
  }
  return performance.now() - start;
}
