// Wire cost of sync through the real client engine (src/sync, Dexie on fake-indexeddb in Node):
// bytes both ways per attempt and HTTP round trips to sync 1,000 attempts queued offline — the
// whole first-day syncOnce (push, pull, reconcile). Post-test attempts (12 answers + the attempt);
// the one-question unit gives the extra `_1q` figures.
import type { OutboxRow } from '../src/db/learning-records';
import type { AnswerItem } from '../src/shared/sync/sync-item';
import { createApp } from '../src/server/create-app';
import { testConfig } from '../src/server/config';
import { createTestDevice } from '../tests/server/harness/test-device';
import { serveTestApp } from '../tests/server/harness/serve-test-app';
import { learnerWithToken } from '../tests/server/sync-fixtures';
import { POSTTEST_UNIT, type AttemptUnit } from './ingest';
import { openBenchStore } from './bench-store';
import { startByteCounter } from './byte-counting-proxy';

export interface SyncWireResult {
  attempts: number;
  unit: AttemptUnit['name'];
  bytesUp: number;
  bytesDown: number;
  bytesPerAttempt: number;
  roundTrips: number;
  requests: Record<string, number>;
}

/**
 * Outbox rows exactly as the app leaves them after `attempts` attempts of `unit` finished offline:
 * each answer queued when given, then carried in its attempt's row when the attempt is finished
 * (`finishAttempt` → `takeWaitingAnswers`), so one row per attempt. Folded here directly: queueing
 * 130,000 items one by one through Dexie only to fold them would cost the bench minutes.
 */
export function outboxRows(learnerId: string, attempts: number, unit: AttemptUnit = POSTTEST_UNIT): OutboxRow[] {
  const rows: OutboxRow[] = [];
  let answers: AnswerItem[] = [];
  for (const item of unit.make(learnerId, attempts, Date.now() - 86_400_000)) {
    const row: OutboxRow = { seq: item.seq, id: item.id, learnerId, item, state: 'pending', tries: 0, nextTryAt: 0 };
    if (item.kind === 'answer') answers.push(item);
    else if (item.kind === 'attempt') {
      rows.push(answers.length > 0 ? { ...row, answers } : row);
      answers = [];
    } else rows.push(row);
  }
  return rows;
}

/** Syncs `attempts` attempts of `unit` from one device to a PGlite server through a byte-counting relay. */
export async function benchSyncWire(attempts = 1000, unit: AttemptUnit = POSTTEST_UNIT): Promise<SyncWireResult> {
  const { store, drop } = await openBenchStore('pglite');
  await unit.seed(store);
  const learner = await learnerWithToken(store, 'wire');
  const server = await serveTestApp(createApp(store, testConfig()));
  const relay = await startByteCounter(server.url);
  const requests: Record<string, number> = {};
  const device = await createTestDevice({
    baseUrl: relay.url,
    learner,
    requestTimeoutMs: 60_000,
    fetch: (input, init) => {
      const path = new URL(String(input)).pathname;
      requests[path] = (requests[path] ?? 0) + 1;
      return fetch(input, init);
    },
  });
  try {
    await device.db.outbox.bulkAdd(outboxRows(learner.id, attempts, unit));
    const report = await device.syncUntilDrained(20);
    if (report.lastError !== undefined || (await device.pending()) > 0)
      throw new Error(`sync did not drain: ${JSON.stringify(report.lastError)}`);
    const roundTrips = Object.values(requests).reduce((a, b) => a + b, 0);
    return {
      attempts,
      unit: unit.name,
      bytesUp: relay.bytes.up,
      bytesDown: relay.bytes.down,
      bytesPerAttempt: Math.round((relay.bytes.up + relay.bytes.down) / attempts),
      roundTrips,
      requests,
    };
  } finally {
    await device.close();
    await relay.close();
    await server.close();
    await drop();
  }
}
