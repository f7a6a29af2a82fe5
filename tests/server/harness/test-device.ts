import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { LenteraDatabase } from '../../../src/db/database';
import { enqueueOutbox, takeWaitingAnswers } from '../../../src/db/enqueue-outbox';
import { rowIds } from '../../../src/db/row-items';
import type { UnsequencedItem } from '../../../src/db/learning-records';
import type { SyncContext } from '../../../src/sync/sync-context';
import { syncOnce, type SyncReport } from '../../../src/sync/sync-once';

/** A simulated phone: its own Dexie database (fake-indexeddb), a signed-in learner and the real sync engine. */
export interface TestDevice {
  db: LenteraDatabase;
  ctx: SyncContext;
  /** Queues an item exactly as the app does (outbox row with the next device sequence number). */
  enqueue: (item: UnsequencedItem) => Promise<void>;
  /** A finished attempt queued as the app queues it: its answers carried in the attempt's row. */
  enqueueFinished: (answers: UnsequencedItem[], attempt: UnsequencedItem) => Promise<void>;
  /** Syncs until nothing is pending or `maxRuns` is reached; returns the last report. */
  syncUntilDrained: (maxRuns?: number) => Promise<SyncReport>;
  /** Pending items: each answer an attempt's row carries counts, as the phone's screens count them. */
  pending: () => Promise<number>;
  /** Pending rows, counted in the index without reading them: enough to ask "is anything left?". */
  pendingRows: () => Promise<number>;
  /** Closes the database and deletes it (the end of a test). */
  close: () => Promise<void>;
  /**
   * The app is killed: the connection goes, the database stays, as IndexedDB stays on a phone.
   * `createTestDevice({ databaseName: device.db.name, … })` is the app started again on it.
   */
  crash: () => void;
}

export async function createTestDevice(options: {
  baseUrl: string;
  /** `deviceId`: the device its token was issued to; the test device then registers its key and signs its pushes. */
  learner: { id: string; token: string; deviceId?: string };
  deviceId?: string;
  fetch?: typeof fetch;
  requestTimeoutMs?: number;
  /** Opens this existing database (a relaunch after `crash()`) instead of a new one. */
  databaseName?: string;
}): Promise<TestDevice> {
  const db = new LenteraDatabase(options.databaseName ?? `device-${randomUUID()}`);
  await db.open();
  await db.profiles.put({
    id: options.learner.id,
    username: options.learner.id,
    name: 'Test',
    role: 'learner',
    desaCode: null,
    token: options.learner.token,
    tokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    signedInAt: Date.now(),
  });
  const ctx: SyncContext = {
    db,
    baseUrl: options.baseUrl,
    deviceId: options.deviceId ?? options.learner.deviceId ?? randomUUID(),
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    now: () => Date.now(),
    // No real waiting in tests: backoff is computed (and checked) but due at once.
    random: () => 0,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
  };
  const pendingIndex = () =>
    db.outbox.where('[state+nextTryAt]').between(['pending', -Infinity], ['pending', Infinity]);
  const pendingRows = () => pendingIndex().count();
  const pending = async () => (await pendingIndex().toArray()).flatMap(rowIds).length;
  return {
    db,
    ctx,
    enqueue: async (item) => {
      await db.transaction('rw', [db.outbox, db.syncState], () => enqueueOutbox(db, item));
    },
    enqueueFinished: async (answers, attempt) => {
      // As `finishAttempt` leaves them: each answer queued when given, then carried in the attempt's row.
      await db.transaction('rw', [db.outbox, db.syncState], async () => {
        for (const answer of answers) await enqueueOutbox(db, answer);
        await enqueueOutbox(
          db,
          attempt,
          await takeWaitingAnswers(
            db,
            answers.map((a) => a.id),
          ),
        );
      });
    },
    syncUntilDrained: async (maxRuns = 50) => {
      let report: SyncReport | undefined;
      for (let i = 0; i < maxRuns; i++) {
        report = await syncOnce(ctx);
        if ((await pending()) === 0 && report.lastError === undefined) break;
      }
      return report!;
    },
    pending,
    pendingRows,
    close: async () => {
      db.close();
      await db.delete();
    },
    crash: () => db.close(),
  };
}
